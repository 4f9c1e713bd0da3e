// Shows whether the api answers, next to the release this page was built from.
const status = document.getElementById("api-status");
fetch("/api/health")
  .then((response) => response.json())
  .then((health) => {
    status.textContent = `api: ${health.status} at ${health.gitHash}`;
  })
  .catch(() => {
    status.textContent = "api: not reachable from here";
  });
