// Online voting from a phone or a computer: the resident's clave de elector and the voting code of the letter the
// credential authority sent them (its QR opens this page with the Jornada and the code filled in).
import { ApiProblem, callApi, formatDayTime, h, queryParameter, showPanel, showProblem } from './api.js';
import { startVotingFlow, whyNotAcceptingBallots } from './voting-flow.js';

// The code from the letter's QR stays only in this page's memory; it is not kept in the address bar either. The QR
// puts it after the '#', which the browser never sends to a server; letters printed before had it in the query.
const codeFromLetter = new URLSearchParams(location.hash.slice(1)).get('codigo') ?? queryParameter('codigo');
if (codeFromLetter) {
  const url = new URL(location.href);
  url.searchParams.delete('codigo');
  url.hash = '';
  history.replaceState(null, '', url);
}

// The Jornada first (public): if it takes no online ballots now, the resident learns it before typing anything.
async function begin() {
  try {
    const jornadaId = queryParameter('jornada') ?? await pickOpenJornada();
    if (!jornadaId) return;
    const jornada = await callApi(`/api/jornadas/${encodeURIComponent(jornadaId)}`);
    document.querySelector('[data-fill="jornada-title"]').textContent = jornada.title;
    const closed = whyNotAcceptingBallots(jornada, 'online');
    if (closed) return showUnavailable(closed);
    startVotingFlow(showPanel('flow'), {
      online: true,
      votingCode: codeFromLetter,
      jornada,
      receiptHelp: answer => h('span', {},
        'Guárdelo: anótelo o tome una captura de pantalla. ',
        h('a', { href: answer.checkUrl }, 'Comprobar mi recibo'), ' · ',
        h('a', { href: `participacion.html?jornada=${encodeURIComponent(jornada.id)}` }, '¿Alguien votó con mi credencial?')),
      onClosed: showUnavailable,
      onCredentialRefused: showUnavailable,
    });
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    showUnavailable(error);
  }
}

/** The only Jornada open online's id; null when the resident must pick one (or there is none and that was said). */
async function pickOpenJornada() {
  const open = (await callApi('/api/jornadas')).filter(j => j.status === 'Open');
  if (open.length === 1) return open[0].id;
  if (open.length === 0) {
    showUnavailable({ title: 'No hay votaciones abiertas', detail: 'Ahora no hay ninguna Jornada de Participación recibiendo votos.' });
    return null;
  }
  const panel = showPanel('pick');
  panel.querySelector('[data-list]').replaceChildren(...open.map(j => h('li', {},
    h('a', { class: 'choice', href: `?jornada=${encodeURIComponent(j.id)}` },
      h('span', { class: 'choice-title' }, j.title),
      h('span', {}, `Se vota hasta el ${formatDayTime(j.votingClosesAt)} (hora del centro de México)`)))));
  return null;
}

function showUnavailable(problem) {
  const panel = showPanel('unavailable');
  showProblem(panel.querySelector('[data-alert]'), problem);
}

document.querySelector('[data-action="retry"]').addEventListener('click', begin);

begin();
