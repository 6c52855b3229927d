// Console pages are server-rendered and work without this file; it only adds what needs the browser:
// print buttons, "mark every colonia of a delegación", and the dashboard's refresh (with a pause, WCAG 2.2.2).

for (const button of document.querySelectorAll('[data-print]')) {
  button.addEventListener('click', () => window.print());
}

for (const button of document.querySelectorAll('[data-select-all]')) {
  button.addEventListener('click', () => {
    for (const box of document.querySelectorAll(`input[data-delegacion="${button.dataset.selectAll}"]`)) box.checked = true;
    // As if ticked by hand: the form's draft (consola-borrador.js) keeps them.
    button.form?.dispatchEvent(new Event('change'));
  });
}

const live = document.querySelector('[data-live][data-refresh]');
if (live) {
  const seconds = Number(live.dataset.refresh) || 20;
  const toggle = document.querySelector('[data-refresh-toggle]');
  const status = document.querySelector('[data-refresh-status]');
  let paused = false;
  let timer;

  const refresh = async () => {
    if (paused) return;
    try {
      const response = await fetch(window.location.href, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
      if (!response.ok) throw new Error(String(response.status));
      const next = new DOMParser().parseFromString(await response.text(), 'text/html').querySelector('[data-live]');
      // The session ended (signed out, idle, account disabled): the answer is the sign-in page, not the dashboard.
      // Say so and stop, rather than look live over figures that no longer change.
      if (!next) return sessionEnded();
      live.replaceChildren(...next.childNodes);
      status.textContent = `Actualizado a las ${new Date().toLocaleTimeString('es-MX', { timeZone: 'America/Mexico_City', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })} (hora del centro de México).`;
    } catch {
      status.textContent = 'No se pudo actualizar; se intentará de nuevo.';
    }
  };

  const sessionEnded = () => {
    clearInterval(timer);
    if (toggle) toggle.hidden = true;
    const signIn = document.createElement('a');
    signIn.href = `/consola/entrar?volver=${encodeURIComponent(window.location.pathname)}`;
    signIn.textContent = 'Entrar de nuevo';
    status.replaceChildren('Su sesión terminó y el tablero dejó de actualizarse; las cifras de arriba pueden estar atrasadas. ', signIn);
  };

  toggle?.addEventListener('click', () => {
    paused = !paused;
    toggle.setAttribute('aria-pressed', String(paused));
    toggle.textContent = paused ? 'Reanudar la actualización automática' : 'Pausar la actualización automática';
    status.textContent = paused ? 'Actualización en pausa.' : `Se actualiza cada ${seconds} segundos.`;
  });
  timer = setInterval(refresh, seconds * 1000);
}
