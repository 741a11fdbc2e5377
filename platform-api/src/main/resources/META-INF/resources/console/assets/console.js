// The console's only script of its own (no inline scripts: the CSP forbids them).

// A form being sent says so (aria-busy) and cannot be sent twice.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.getAttribute("aria-busy") === "true") {
    event.preventDefault();
    return;
  }
  form.setAttribute("aria-busy", "true");
});

// The live denials feed says whether it is connected; htmx's sse extension reconnects by itself.
function feedState(text) {
  const state = document.getElementById("feed-state");
  if (state) {
    state.textContent = text;
  }
}
document.addEventListener("htmx:sseOpen", () => feedState("Live: connected"));
document.addEventListener("htmx:sseError", () => feedState("Live: connection lost, reconnecting…"));
// Leaving the page closes the feed first (the sse extension closes its source on this event), so that the
// navigation does not cut the connection and get it reported as lost.
window.addEventListener("beforeunload", () => {
  document.querySelectorAll("[sse-connect]").forEach((feed) => htmx.trigger(feed, "htmx:beforeCleanupElement"));
});
document.addEventListener("htmx:sseMessage", (event) => {
  if (event.detail.type !== "message") {
    return;
  }
  const empty = document.getElementById("no-denials");
  if (empty) {
    empty.remove();
  }
});

// A copy button (data-copy="ID") copies the value or text of element ID and says so.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) {
    return;
  }
  const source = document.getElementById(button.dataset.copy);
  const text = source.value !== undefined ? source.value : source.textContent;
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  } catch (refused) {
    // Without clipboard access (plain http from another host), select it for Ctrl+C instead.
    if (source.select) {
      source.select();
    }
    button.textContent = "Press Ctrl+C";
  }
});

// htmx forms are not replaced by their answer: once it is in, they may be sent again.
document.addEventListener("htmx:afterRequest", (event) => event.detail.elt.removeAttribute("aria-busy"));

// Uploading a version: by the file picker or by dropping a file on the form, sent by htmx with a progress bar; the
// answer's versions part (the validation result or each problem the API reported) replaces the old one.
function uploadProgress(percent, text) {
  const box = document.getElementById("upload-progress");
  const bar = document.getElementById("upload-bar");
  if (!box || !bar) {
    return;
  }
  box.hidden = false;
  bar.value = Math.max(percent, 0);
  document.getElementById("upload-state").textContent = text;
}
function kib(bytes) {
  return `${Math.ceil(bytes / 1024)} KiB`;
}
// The form that sent an htmx request: an event's own element is the swap target for some events (beforeSwap).
function isUpload(event) {
  const config = event.detail.requestConfig;
  return (config ? config.elt : event.detail.elt).id === "upload";
}
let uploadSent = 0;
// The browser may report the upload's last progress after the answer is in: once answered, the line keeps the answer.
let uploadAnswered = false;
document.addEventListener("htmx:beforeSend", (event) => {
  if (event.detail.elt.id === "upload") {
    uploadSent = 0;
    uploadAnswered = false;
    uploadProgress(0, "Uploading…");
  }
});
// htmx reports the upload's progress and then the answer's download with the same event: the bar only grows.
document.addEventListener("htmx:xhr:progress", (event) => {
  const detail = event.detail;
  if (event.target.id !== "upload" || !detail.lengthComputable || uploadSent === 100 || uploadAnswered) {
    return;
  }
  uploadSent = Math.max(uploadSent, Math.floor((detail.loaded * 100) / detail.total));
  uploadProgress(
    uploadSent,
    uploadSent < 100
      ? `Uploading: ${uploadSent}% (${kib(detail.loaded)} of ${kib(detail.total)})`
      : `Sent ${kib(detail.total)}; the server is validating it…`,
  );
});
// A refused upload (400, 413, 422) answers with the page and the API's problems: swap that in as well, unless
// the answer is not our page (a proxy's error), which only the progress line reports.
document.addEventListener("htmx:beforeSwap", (event) => {
  if (!isUpload(event)) {
    return;
  }
  const status = event.detail.xhr.status;
  const ours = event.detail.serverResponse.includes('id="versions-body"');
  if (status >= 400 && ours) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  } else if (!ours) {
    event.detail.shouldSwap = false;
  }
  uploadOutcome(status, ours);
});
function uploadOutcome(status, ours) {
  uploadAnswered = true;
  const outcome = status < 400 ? "done, see the result below" : `refused (HTTP ${status})`;
  uploadProgress(100, ours ? `Uploaded: ${outcome}.` : `The server refused the upload (HTTP ${status}).`);
}
// Said again once the answer is swapped in, after any late progress report.
document.addEventListener("htmx:afterRequest", (event) => {
  const xhr = event.detail.xhr;
  if (isUpload(event) && xhr && xhr.status > 0) {
    uploadOutcome(xhr.status, String(xhr.response).includes('id="versions-body"'));
  }
});
document.addEventListener("htmx:sendError", (event) => {
  if (event.detail.elt.id === "upload") {
    uploadProgress(0, "The upload failed: the server did not answer.");
  }
});
function dropZone(event) {
  return event.target.closest ? event.target.closest("form.drop") : null;
}
document.addEventListener("dragover", (event) => {
  const zone = dropZone(event);
  if (zone) {
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    zone.classList.add("dragging");
  }
});
document.addEventListener("dragleave", (event) => {
  const zone = dropZone(event);
  if (zone && !zone.contains(event.relatedTarget)) {
    zone.classList.remove("dragging");
  }
});
document.addEventListener("drop", (event) => {
  const zone = dropZone(event);
  if (!zone) {
    return;
  }
  event.preventDefault();
  zone.classList.remove("dragging");
  if (event.dataTransfer.files.length === 0) {
    return;
  }
  zone.querySelector('input[type="file"]').files = event.dataTransfer.files;
  zone.requestSubmit();
});
