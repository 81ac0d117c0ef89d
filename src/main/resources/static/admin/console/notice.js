// One status line (role=status) for what just happened; errors stay until the next message.
export function notice(text, kind = 'ok') {
  const status = document.getElementById('status');
  status.textContent = text;
  status.dataset.kind = kind;
}
