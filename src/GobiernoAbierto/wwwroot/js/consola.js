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

import './consola-filas.js';

// A file over what the service takes (the padrón's 64 MB) is refused here, beside its field, before it is sent: the
// service would stop reading it mid-upload, and the browser show its own «connection reset» page instead.
for (const input of document.querySelectorAll('input[type="file"][data-max-bytes]')) {
  const field = input.closest('.field');
  const drawnWithError = field.classList.contains('has-error'); // a refusal of the service's, beside the field: it stays
  const tooLarge = () => [...input.files].some((file) => file.size > Number(input.dataset.maxBytes));
  const say = () => {
    const big = tooLarge();
    let error = field.querySelector('[data-file-error]');
    if (big && !error) {
      error = document.createElement('p');
      error.className = 'field-error';
      error.id = `${input.id}-error`;
      error.dataset.fileError = '';
      error.innerHTML = '<strong>Revise:</strong> ';
      error.append(input.dataset.tooLarge);
      field.insertBefore(error, input);
      input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby') ?? ''} ${error.id}`.trim());
      field.classList.add('has-error');
      input.setAttribute('aria-invalid', 'true');
    } else if (!big && error) {
      error.remove();
      input.setAttribute('aria-describedby', (input.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id !== error.id).join(' '));
      if (!drawnWithError) {
        field.classList.remove('has-error');
        input.removeAttribute('aria-invalid');
      }
    }
    return big;
  };
  input.addEventListener('change', say);
  // Capturing, so that it runs before consola-envio.js marks the form as sent.
  input.form?.addEventListener('submit', (event) => {
    if (!say()) return;
    event.preventDefault();
    input.focus();
  }, { capture: true });
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
      // Marked as automatic: it does not count as the person's activity, so the session still idles out (ConsoleSignIn).
      const response = await fetch(window.location.href, { headers: { Accept: 'text/html', 'X-Automatic-Refresh': '1' }, credentials: 'same-origin' });
      if (!response.ok) return void (status.textContent = whyNotUpdated(response.status));
      const next = new DOMParser().parseFromString(await response.text(), 'text/html').querySelector('[data-live]');
      // The session ended (signed out, idle, account disabled): the answer is the sign-in page, not the dashboard.
      // Say so and stop, rather than look live over figures that no longer change.
      if (!next) return sessionEnded();
      live.replaceChildren(...next.childNodes);
      // By the service's clock, which the answer says: a console on a computer set to another hour still says when.
      const at = Date.parse(response.headers.get('Service-Time') ?? '');
      // The alert above the figures came in silently with them: the status line, which is announced, says it too.
      const alert = live.querySelector('[data-cannot-record] h2');
      const alarm = alert ? `${alert.textContent.trim()} (vea el aviso). ` : '';
      status.textContent = `${alarm}Actualizado a las ${(Number.isNaN(at) ? new Date() : new Date(at)).toLocaleTimeString('es-MX', { timeZone: 'America/Mexico_City', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })} (hora del centro de México).`;
    } catch {
      status.textContent = 'No se pudo actualizar (revise la conexión de este equipo); se intentará de nuevo.';
    }
  };

  // «No se pudo actualizar» alone, during an outage, left staff guessing whether anyone could vote: the kiosks already
  // say «Kiosco fuera de servicio», and the people at them ask the staff. A 503 is the service's own answer (its
  // database does not answer or takes no writes); a 502 or 504, the proxy's, which the kiosks and phones reach it through.
  const whyNotUpdated = code => ({
    503: '⚠ El servicio no puede consultar ni registrar datos en este momento: su base de datos no responde. Mientras dure, ningún ' +
      'kiosco ni la votación en línea reciben votos (los kioscos muestran «Kiosco fuera de servicio»), y las cifras de arriba pueden ' +
      'estar atrasadas. Avise al área de sistemas; el tablero se actualiza solo en cuanto se recupere.',
    502: '⚠ El servidor intermedio (proxy) no obtiene respuesta del servicio de votación. Mientras dure, ningún kiosco ni la votación ' +
      'en línea reciben votos, y las cifras de arriba pueden estar atrasadas. Avise al área de sistemas; el tablero se actualiza solo ' +
      'en cuanto se recupere.',
  })[code === 504 ? 502 : code] ?? `No se pudo actualizar (el servicio respondió ${code}); se intentará de nuevo.`;

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
