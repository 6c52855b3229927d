// Landing page: the Jornadas, what can be done in each, and where the kiosks of the open ones are.
import { ApiProblem, callApi, firstOpening, formatDayTime, h, serviceNow, showProblem } from './api.js';

const status = document.querySelector('[data-status]');
const list = document.querySelector('[data-list]');
const kiosks = document.querySelector('[data-kiosks]');

async function start() {
  try {
    const jornadas = await callApi('/api/jornadas');
    // The open Jornadas and those in preparation, read whole before any card is shown: what a card offers depends on
    // each channel's hours (a «Votar en línea» drawn from the list alone showed until they came, and could be tapped).
    // One that cannot be read is drawn from the list alone, without its online line, rather than blank the whole page.
    // The others' hours come with the list (a closed one's too: each page load read every one closed early whole).
    const read = await Promise.allSettled(jornadas.filter(j => j.status === 'Open' || j.status === 'Preparing')
      .map(j => callApi(`/api/jornadas/${encodeURIComponent(j.id)}`)));
    const details = new Map(read.filter(r => r.status === 'fulfilled').map(r => [r.value.id, r.value]));
    const current = jornadas.filter(j => !j.votingEnded && details.has(j.id)).map(j => details.get(j.id));
    list.replaceChildren(...jornadas.map(j => item(j, details.get(j.id))));
    status.textContent = jornadas.length ? '' : 'Aún no hay Jornadas de Participación.';
    // Where to vote: each kiosk with its Jornada: with two Jornadas open, a resident would not know which one a kiosk takes.
    // takesBallots, the service's: within the kiosks' hours too (an open Jornada before 08:00 listed its kiosks as voting).
    const active = current.filter(j => j.status === 'Open').flatMap(j => j.kiosks.filter(k => k.takesBallots).map(k => ({ ...k, jornada: j.title })));
    kiosks.replaceChildren(...active.map(k => h('li', {}, h('strong', {}, k.name), h('br'), k.location, h('br'),
      h('span', { class: 'hint' }, k.jornada))));
    if (active.length === 0) kiosks.append(h('li', {}, 'No hay kioscos recibiendo votos en este momento.'));
    // When, for a Jornada with kiosks none of which takes ballots yet, as the letters promise («la página de inicio dice
    // dónde y a qué hora»); before the hours where too: the places staff registered, set up on their devices or not yet.
    // Within the hours only those taking ballots are listed (above).
    kiosks.append(...current.filter(j => j.kiosks.some(k => k.active) && !j.kiosks.some(k => k.takesBallots)).map(j => {
      const hours = `Se vota en kiosco del ${formatDayTime(j.votingOpensAt)} al ${formatDayTime(j.votingClosesAt)} (hora del centro de México)`;
      return serviceNow() < Date.parse(j.votingOpensAt)
        ? h('li', { 'data-kiosk-hours': '' }, h('strong', {}, j.title), h('br'), `${hours}, en estos lugares:`,
          h('ul', { class: 'plain-list' }, ...j.kiosks.filter(k => k.active).map(k => h('li', { 'data-kiosk-place': '' },
            h('strong', {}, k.name), h('br'), k.location))))
        : h('li', { 'data-kiosk-hours': '' }, h('strong', {}, j.title), h('br'),
          `${hours}. Aquí aparecerá cada kiosco, con su lugar, en cuanto reciba votos.`);
    }));
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    status.textContent = '';
    showProblem(document.querySelector('[data-alert]'), error);
  }
}

/**
 * Opened by staff before any channel takes ballots (the kiosks at 08:00, online maybe later, or earlier: online voting
 * that ran before the kiosks' hours took ballots already). details: the Jornada read whole, when it could be.
 */
const beforeItsHours = (jornada, details) => !jornada.acceptingBallots && !jornada.votingEnded
  && serviceNow() < (details ? firstOpening(details) : Date.parse(jornada.votingOpensAt));

/**
 * Online voting on the card of a Jornada open or in preparation: the button only while it takes ballots (before, it led
 * to «Fuera del horario de votación en línea»); otherwise when it opens or when it ended, and the kiosks when they take
 * ballots meanwhile.
 */
function onlineVoting(jornada) {
  const { online } = jornada;
  if (online.acceptingBallots) {
    return h('a', { class: 'button primary', href: `votar.html?jornada=${encodeURIComponent(jornada.id)}`, 'data-vote-online': jornada.id }, 'Votar en línea');
  }
  const [attribute, said, meanwhile] = online.ended
    ? ['data-online-ended', `La votación en línea terminó el ${formatDayTime(online.closesAt)}`, 'aún se vota en']
    : ['data-online-opens', `La votación en línea abre el ${formatDayTime(online.opensAt)}`, 'mientras tanto, se vota en'];
  return h('span', { [attribute]: '' }, `${said} (hora del centro de México)`, ...(jornada.kiosks.some(k => k.takesBallots)
    ? [`; ${meanwhile} `, h('a', { href: '#kioscos' }, 'los kioscos de esta página'), '.'] : ['.']));
}

const zone = '(hora del centro de México)';


/**
 * Its hours, after its status: online voting's when it had no kiosk (the Jornada's own window ran hours past them, «al
 * 18:00» beside «terminó el 14:00»); closed early, when, and which end the close cut short. A close after online voting's
 * hours, where no kiosk ever voted, cut nothing short: said as its hours.
 */
function hours(jornada) {
  const closed = jornada.closedEarlyAt;
  if (!jornada.onlineOnly) {
    return [` · del ${formatDayTime(jornada.votingOpensAt)} al ${formatDayTime(closed ?? jornada.votingClosesAt)}`,
      closed ? `; se cerró antes de lo previsto: su horario terminaba el ${formatDayTime(jornada.votingClosesAt)}` : null];
  }
  const { opensAt, closesAt } = jornada.onlineHours;
  if (closed && Date.parse(closed) <= Date.parse(opensAt)) {
    return [` · en línea del ${formatDayTime(opensAt)} al ${formatDayTime(closesAt)}`,
      `; no llegó a abrir: la votación se cerró antes, el ${formatDayTime(closed)}`];
  }
  return closed && Date.parse(closed) < Date.parse(closesAt)
    ? [` · en línea del ${formatDayTime(opensAt)} al ${formatDayTime(closed)}`,
      `; se cerró antes de lo previsto: su horario terminaba el ${formatDayTime(closesAt)}`]
    : [` · en línea del ${formatDayTime(opensAt)} al ${formatDayTime(closesAt)}`, null];
}

/** details: the Jornada read whole, for one open or in preparation. */
function item(jornada, details) {
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
  const [period, closedEarly] = hours(jornada);
  return h('li', { class: 'jornada' },
    h('h3', {}, jornada.title),
    // A label that names a time says the zone already («La votación empieza el …»): once on the line, not twice.
    // Closed early (countersigned by the IEEQ): the planned end would say voting went on after it had stopped.
    h('p', {}, h('strong', {}, jornada.statusLabel), period, jornada.statusLabel.includes(zone) ? null : ` ${zone}`, closedEarly),
    h('p', { class: 'actions' },
      // Only where it can be done: a Jornada voted at kiosks only led to «No es posible votar en este momento».
      // An online-only Jornada whose online voting ended says so beside «Terminó el horario de votación».
      jornada.status === 'Open' && (!jornada.votingEnded || jornada.onlineOnly) && details?.status === 'Open' && details.online ? onlineVoting(details) : null,
      // Still being prepared, with kiosks too: its line says the kiosks' hours, so when online voting opens is said here
      // (not once its hours began: staff have not opened it yet, and the results page says so).
      jornada.status === 'Preparing' && details?.status === 'Preparing' && details.online && !jornada.onlineOnly
        && serviceNow() < Date.parse(details.online.opensAt) ? onlineVoting(details) : null,
      // While the vote is open there are no results yet, only who took part (the process page says «la participación en
      // curso»); before its hours not even that (the results page says when it opens).
      h('a', { class: 'button', href: `resultados.html?jornada=${id}` },
        jornada.status === 'Preparing' || (jornada.status === 'Open' && beforeItsHours(jornada, details)) ? 'Ver la Jornada'
          : jornada.status === 'Open' ? 'Ver la participación' : 'Ver resultados')));
}

start();
