// Landing page: the Jornadas, what can be done in each, and where the kiosks of the open ones are.
import { ApiProblem, callApi, formatDayTime, h, serviceNow, showProblem } from './api.js';

const status = document.querySelector('[data-status]');
const list = document.querySelector('[data-list]');
const kiosks = document.querySelector('[data-kiosks]');

async function start() {
  try {
    const jornadas = await callApi('/api/jornadas');
    list.replaceChildren(...jornadas.map(item));
    status.textContent = jornadas.length ? '' : 'Aún no hay Jornadas de Participación.';
    // Where to vote: the kiosks of the open Jornadas whose hours are not over.
    const current = await Promise.all(jornadas.filter(j => (j.status === 'Open' || j.status === 'Preparing') && !j.votingEnded)
      .map(j => callApi(`/api/jornadas/${encodeURIComponent(j.id)}`)));
    // Each kiosk with its Jornada: with two Jornadas open, a resident would not know which one a kiosk takes.
    // takesBallots, the service's: within the kiosks' hours too (an open Jornada before 08:00 listed its kiosks as voting).
    const active = current.filter(j => j.status === 'Open').flatMap(j => j.kiosks.filter(k => k.takesBallots).map(k => ({ ...k, jornada: j.title })));
    kiosks.replaceChildren(...active.map(k => h('li', {}, h('strong', {}, k.name), h('br'), k.location, h('br'),
      h('span', { class: 'hint' }, k.jornada))));
    if (active.length === 0) kiosks.append(h('li', {}, 'No hay kioscos recibiendo votos en este momento.'));
    // Online voting can end before the kiosks close: its button led only to «Fuera del horario…».
    for (const j of current.filter(j => j.online?.ended)) {
      const vote = list.querySelector(`[data-vote-online="${CSS.escape(j.id)}"]`);
      const ended = `La votación en línea terminó el ${formatDayTime(j.online.closesAt)} (hora del centro de México)`;
      vote?.replaceWith(h('span', { 'data-online-ended': '' }, ...(j.kiosks.some(k => k.takesBallots)
        ? [`${ended}; aún se vota en `, h('a', { href: '#kioscos' }, 'los kioscos de esta página'), '. ']
        : [`${ended}. `])));
    }
    // When: a Jornada with kiosks none of which takes ballots yet (announced, or open before its hours) says its kiosks'
    // hours, as the letters promise («la página de inicio dice dónde y a qué hora»); where, once they take ballots.
    kiosks.append(...current.filter(j => j.kiosks.some(k => k.active) && !j.kiosks.some(k => k.takesBallots)).map(j => h('li', { 'data-kiosk-hours': '' },
      h('strong', {}, j.title), h('br'),
      `Se vota en kiosco del ${formatDayTime(j.votingOpensAt)} al ${formatDayTime(j.votingClosesAt)} (hora del centro de México). ` +
      'Aquí aparecerá cada kiosco, con su lugar, en cuanto reciba votos.')));
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    status.textContent = '';
    showProblem(document.querySelector('[data-alert]'), error);
  }
}

/** Opened by staff before any channel takes ballots (the kiosks at 08:00, online maybe later). */
const beforeItsHours = jornada => !jornada.acceptingBallots && !jornada.votingEnded && serviceNow() < Date.parse(jornada.votingOpensAt);

function item(jornada) {
  const id = encodeURIComponent(jornada.id);
  // Withdrawn before it opened, listed because its letters were mailed: what became of it and of their codes, not hours
  // that will never come.
  if (jornada.status === 'Withdrawn') {
    return h('li', { class: 'jornada' },
      h('h3', {}, jornada.title),
      h('p', {}, h('strong', {}, jornada.statusLabel)),
      h('p', {}, jornada.withdrawal?.notice ?? ''),
      h('p', { class: 'actions' }, h('a', { class: 'button', href: `resultados.html?jornada=${id}` }, 'Ver la Jornada')));
  }
  return h('li', { class: 'jornada' },
    h('h3', {}, jornada.title),
    h('p', {}, h('strong', {}, jornada.statusLabel), ` · del ${formatDayTime(jornada.votingOpensAt)} al ${formatDayTime(jornada.closedEarlyAt ?? jornada.votingClosesAt)} (hora del centro de México)`,
      // Closed early (countersigned by the IEEQ): the planned end would say voting went on after it had stopped.
      jornada.closedEarlyAt ? `; se cerró antes de lo previsto: su horario terminaba el ${formatDayTime(jornada.votingClosesAt)}` : null),
    h('p', { class: 'actions' },
      // Only where it can be done: a Jornada voted at kiosks only led to «No es posible votar en este momento».
      jornada.status === 'Open' && jornada.onlineVoting && !jornada.votingEnded ? h('a', { class: 'button primary', href: `votar.html?jornada=${id}`, 'data-vote-online': jornada.id }, 'Votar en línea') : null,
      // While the vote is open there are no results yet, only who took part (the process page says «la participación en
      // curso»); before its hours not even that (the results page says when it opens).
      h('a', { class: 'button', href: `resultados.html?jornada=${id}` },
        jornada.status === 'Preparing' || (jornada.status === 'Open' && beforeItsHours(jornada)) ? 'Ver la Jornada'
          : jornada.status === 'Open' ? 'Ver la participación' : 'Ver resultados')));
}

start();
