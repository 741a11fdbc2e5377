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
document.addEventListener("htmx:sseMessage", () => {
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
