"""The job states the progress partial asks the model for, instead of comparing strings."""

from portal.models import Job


def test_it_tells_each_state_of_a_job():
    states = {status: Job(status=status) for status in Job.Status.values}
    assert [s for s, job in states.items() if job.is_pending] == [Job.Status.PENDING]
    assert [s for s, job in states.items() if job.is_done] == [Job.Status.DONE]
    assert [s for s, job in states.items() if job.is_failed] == [Job.Status.FAILED]
    assert {s for s, job in states.items() if job.is_finished} == {Job.Status.DONE, Job.Status.FAILED}
