"""Views of the concept document, split by subject: the concept and its outline, sections,
findings, the measures table and versions (reading, comparing, freezing, exporting)."""
