// Console pages are server-rendered and work without this file; it only adds what needs the browser:
// print buttons, "mark every colonia of a delegación", and the dashboard's refresh (with a pause, WCAG 2.2.2).

for (const button of document.querySelectorAll('[data-print]')) {
  button.addEventListener('click', () => window.print());
}

for (const button of document.querySelectorAll('[data-select-all]')) {
  button.addEventListener('click', () => {
    for (const box of document.querySelectorAll(`input[data-delegacion="${button.dataset.selectAll}"]`)) box.checked = true;
  });
}

const live = document.querySelector('[data-live][data-refresh]');
if (live) {
  const seconds = Number(live.dataset.refresh) || 20;
  const toggle = document.querySelector('[data-refresh-toggle]');
  const status = document.querySelector('[data-refresh-status]');
  let paused = false;

  const refresh = async () => {
    if (paused) return;
    try {
      const response = await fetch(window.location.href, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
      if (!response.ok) throw new Error(String(response.status));
      const next = new DOMParser().parseFromString(await response.text(), 'text/html').querySelector('[data-live]');
      if (next) live.replaceChildren(...next.childNodes);
      status.textContent = `Actualizado a las ${new Date().toLocaleTimeString('es-MX', { timeZone: 'America/Mexico_City', hour: '2-digit', minute: '2-digit' })}.`;
    } catch {
      status.textContent = 'No se pudo actualizar; se intentará de nuevo.';
    }
  };

  toggle?.addEventListener('click', () => {
    paused = !paused;
    toggle.setAttribute('aria-pressed', String(paused));
    toggle.textContent = paused ? 'Reanudar la actualización automática' : 'Pausar la actualización automática';
    status.textContent = paused ? 'Actualización en pausa.' : `Se actualiza cada ${seconds} segundos.`;
  });
  setInterval(refresh, seconds * 1000);
}
