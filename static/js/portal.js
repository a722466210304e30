// Small progressive enhancements. Pages work without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the first field with an error so keyboard and screen-reader users find it.
  const invalid = document.querySelector(".is-invalid");
  if (invalid) invalid.focus();
  // Confirm dangerous actions.
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
});
