// The line at the top of every page that says what just happened (read out by screen readers).

export function say(message, { problem = false } = {}) {
  const status = document.getElementById("status");
  status.classList.toggle("problem", problem);
  status.textContent = message;
}
