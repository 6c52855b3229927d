// Public results: turnout while voting is open (refreshed), the count per option once sealed, the chosen project
// once published. The service never shows the count per option while voting is open.
import { ApiProblem, callApi, clearProblem, formatCurrency, formatDayTime, formatNumber, h, jornadaInAddress, serviceNow, showPanel, showProblem } from './api.js';

const refreshEveryMs = 10_000;
// Still being prepared: only whether staff opened it, and its hours beginning, change what the page says.
const refreshPreparingEveryMs = 60_000;
const alert = document.querySelector('[data-alert]');
const fill = (name, ...content) => document.querySelector(`[data-fill="${name}"]`).replaceChildren(...content);
const part = name => document.querySelector(`[data-part="${name}"]`);

async function showList() {
  const jornadas = await callApi('/api/jornadas');
  const panel = showPanel('pick');
  panel.querySelector('[data-list]').replaceChildren(...jornadas.map(j => h('li', {},
    h('a', { class: 'choice', href: `?jornada=${encodeURIComponent(j.id)}` },
      h('span', { class: 'choice-title' }, j.title),
      h('span', {}, j.statusLabel)))));
  if (jornadas.length === 0) panel.querySelector('[data-list]').append(h('li', {}, 'Aún no hay Jornadas.'));
}

async function showResults(jornadaId) {
  const path = `/api/jornadas/${encodeURIComponent(jornadaId)}`;
  // Turnout comes keyed by delegación id; the Jornada says their names.
  let jornada = await callApi(path);
  const delegaciones = new Map(jornada.delegaciones.map(d => [d.id, d.name]));
  // A Jornada that came from a participation process links back to it: how its two projects were chosen, and what
  // happened after the vote.
  const processLink = document.querySelector('[data-part="process"]');
  processLink.hidden = !jornada.processId;
  if (jornada.processId) processLink.querySelector('a').href = `proceso.html?proceso=${encodeURIComponent(jornada.processId)}`;
  let first = true;

  async function refresh() {
    try {
      // The Jornada again after the first time: whether its kiosks and online voting take ballots changes with the hours.
      const [results, details] = await Promise.all([callApi(`${path}/results`), first ? jornada : callApi(path)]);
      jornada = details;
      render(results, delegaciones, jornada.options ?? [], jornada.withdrawal, jornada);
      clearProblem(alert);
      if (first) showPanel('results');
      first = false;
      // A Jornada being prepared too, until its hours are over: «abre el 08:00» stayed after 08:00 and after staff
      // opened it, until a reload (a reviewer).
      return results.status === 'Open' ? refreshEveryMs
        : results.status === 'Preparing' && !jornada.votingEnded ? refreshPreparingEveryMs : 0;
    } catch (error) {
      if (!(error instanceof ApiProblem) || first) throw error;
      showProblem(alert, error, 'Se muestran los últimos datos recibidos.');
      return refreshEveryMs;
    }
  }

  const loop = async () => {
    const wait = await refresh();
    if (wait) setTimeout(loop, wait);
  };
  await loop();
}

/**
 * Before the vote starts (or while staff have not opened it), when it opens; before and during the vote, where to vote:
 * at the kiosks the home page lists (only if it has kiosks; during the vote, only those taking ballots), and online
 * only while it takes ballots; online voting still to come says when it opens instead (the kiosks from 08:00 and online
 * from 10:00 offered «Votar en línea» first at 09:00, a page that takes no ballot yet). Null once voting is over, or for
 * a withdrawn Jornada.
 */
function howToVote(results, jornada) {
  if (jornada.withdrawal || !['Preparing', 'Open'].includes(results.status) || jornada.votingEnded && !results.votingNow) return null;
  const online = jornada.online && !jornada.online.ended ? jornada.online : null;
  const onlineFirst = online && Date.parse(online.opensAt) < Date.parse(jornada.votingOpensAt);
  const opens = onlineFirst ? online.opensAt : jornada.votingOpensAt;
  // Which channel opens then, when the two open apart: «abre el 08:00» did not say that online voting opened at 08:00 and
  // the kiosks later, or the kiosks first (a reviewer). Said of the kiosks only where the Jornada has some.
  const kiosksFirst = jornada.online && (!online || Date.parse(online.opensAt) > Date.parse(opens)) && (jornada.kiosks ?? []).some(k => k.active);
  const channel = onlineFirst ? ' en línea' : kiosksFirst ? ' en los kioscos' : '';
  const beforeHours = serviceNow() < Date.parse(opens);
  const notStarted = !results.votingNow && (beforeHours || results.status === 'Preparing');
  if (!notStarted && !results.votingNow) return null;
  const kiosks = (jornada.kiosks ?? []).filter(k => (notStarted ? k.active : k.takesBallots));
  const links = [
    kiosks.length ? h('a', { class: 'button', href: './#kioscos' }, 'Votar en un kiosco') : null,
    online?.acceptingBallots ? h('a', { class: 'button', href: `votar.html?jornada=${encodeURIComponent(jornada.id)}` }, 'Votar en línea') : null,
  ].filter(Boolean);
  const when = `${formatDayTime(opens)} (hora del centro de México)`;
  // Said apart only when it is not the opening «abre el …» already names.
  const onlineOpens = online && !online.acceptingBallots && Date.parse(online.opensAt) !== Date.parse(opens) && serviceNow() < Date.parse(online.opensAt)
    ? `La votación en línea abre el ${formatDayTime(online.opensAt)} (hora del centro de México).` : null;
  // Online voting first: the kiosks' opening too, before it and while online voting takes ballots (only the online
  // opening was said, and a resident waiting for a kiosk did not learn when: a reviewer).
  const kiosksOpen = (jornada.kiosks ?? []).some(k => k.active) && !(jornada.kiosks ?? []).some(k => k.takesBallots)
    && Date.parse(jornada.votingOpensAt) !== Date.parse(opens) && serviceNow() < Date.parse(jornada.votingOpensAt)
    ? `La votación en los kioscos abre el ${formatDayTime(jornada.votingOpensAt)} (hora del centro de México).` : null;
  return {
    onlineOpens,
    kiosksOpen,
    notStarted: !notStarted ? null : beforeHours ? `La votación aún no empieza: abre${channel} el ${when}.`
      // Its hours began and staff have not opened it yet: not «abre el …» a time already past.
      : `La votación aún no empieza: su horario${channel} empezaba el ${when}, y aún no se abre.`,
    links,
  };
}

function render(results, delegaciones, ballot, withdrawal, jornada) {
  document.title = `Resultados · ${results.title}`;
  fill('title', results.title);
  fill('status', results.statusLabel);
  fill('dates', ...dates(results, withdrawal).map(([term, ...value]) => h('div', {}, h('dt', {}, term), h('dd', {}, ...value))));
  fill('turnout', formatNumber(results.turnout));
  const voting = results.status === 'Open' || results.status === 'Preparing';
  fill('turnout-words', results.turnout === 1 ? (voting ? 'persona ha votado.' : 'persona votó.')
    : voting ? 'personas han votado.' : 'personas votaron.');
  fill('by-delegacion', ...[...delegaciones].map(([id, name]) =>
    h('tr', {}, h('th', { scope: 'row' }, name), h('td', {}, formatNumber(results.turnoutByDelegacion[id] ?? 0)))));

  // Before the count (preparing, voting): what is on the ballot, since the page has no votes per project to show yet.
  part('ballot').hidden = Boolean(results.options) || ballot.length === 0 || Boolean(withdrawal);
  // Nobody voted in a withdrawn Jornada, nor could: no turnout to show («0 personas votaron» read as a vote nobody came to).
  // Nor before the vote starts: «0 personas han votado» and a table of zeros, where the page should say when it opens.
  const vote = howToVote(results, jornada);
  // Nor in one whose period ended before it opened: nobody could vote in it.
  part('turnout').hidden = Boolean(withdrawal) || Boolean(vote?.notStarted) || (results.status === 'Preparing' && Boolean(jornada?.votingEnded));
  part('vote').hidden = !vote || (!vote.notStarted && !vote.onlineOpens && !vote.kiosksOpen && vote.links.length === 0);
  fill('not-started', vote?.notStarted ?? '');
  document.querySelector('[data-fill="not-started"]').hidden = !vote?.notStarted;
  fill('online-opens', vote?.onlineOpens ?? '');
  document.querySelector('[data-fill="online-opens"]').hidden = !vote?.onlineOpens;
  fill('kiosks-open', vote?.kiosksOpen ?? '');
  document.querySelector('[data-fill="kiosks-open"]').hidden = !vote?.kiosksOpen;
  fill('vote-links', ...(vote?.links ?? []));
  document.querySelector('[data-fill="vote-links"]').hidden = !vote?.links.length;
  fill('ballot', ...ballot.map(o => h('li', {}, h('strong', {}, `Proyecto ${o.id}: `), o.title,
    o.estimatedCost != null ? ` · costo estimado ${formatCurrency(o.estimatedCost)}` : '')));
  part('counts').hidden = !results.options;
  // Sealed and not yet certified: a screenshot of the bars alone says so, in their heading and under them; under them
  // only when the outcome above does not say it already (it read twice, a few lines apart: a reviewer).
  fill('counts-title', results.certifiedAt ? 'Votos por proyecto' : 'Cómputo sellado, sin certificar por el IEEQ');
  part('uncertified').hidden = Boolean(results.certifiedAt) || (results.outcomeLabel ?? '').includes(part('uncertified').textContent.trim());
  if (results.options) {
    const total = results.options.reduce((sum, o) => sum + o.votes, 0);
    fill('counts', ...results.options.map(o => {
      const share = total ? Math.round((o.votes / total) * 1000) / 10 : 0;
      const bar = h('span', { class: 'bar-fill' });
      bar.style.width = `${share}%`;
      return h('li', {},
        h('span', { class: 'bar-label' }, h('strong', {}, `Proyecto ${o.optionId}: `), o.title),
        h('span', { class: 'bar-track', 'aria-hidden': 'true' }, bar),
        h('span', { class: 'bar-value' }, `${formatNumber(o.votes)} ${o.votes === 1 ? 'voto' : 'votos'} (${formatNumber(share)}\u00a0%)`));
    }));
  }
  fill('certified', results.certifiedBy ? `Cómputo certificado por: ${results.certifiedBy}.` : '');
  // A Jornada whose whole period ended unopened chooses nothing, as a tie: its outcome says so (and, a process's, what
  // comes next). Not one whose online hours alone passed: a kiosk can still open it (process-labels.js, neverOpened).
  const unopened = results.status === 'Preparing' && Boolean(jornada) && serviceNow() >= Date.parse(jornada.votingClosesAt);
  fill('outcome', results.outcome === 'Pending' && !unopened ? '' : results.outcomeLabel, ...(results.newJornadaId
    ? [' ', h('a', { href: `resultados.html?jornada=${encodeURIComponent(results.newJornadaId)}` }, 'Ver la nueva Jornada')]
    : []));
  document.querySelector('[data-fill="outcome"]').classList.toggle('outcome-tie', results.outcome === 'Tie');

  const chosen = results.chosenProject;
  part('chosen').hidden = !chosen;
  if (chosen) {
    fill('chosen-title', `Proyecto ${chosen.optionId}: ${chosen.title}`);
    fill('chosen-description', chosen.description);
    fill('chosen-cost', `Costo estimado: ${formatCurrency(chosen.estimatedCost)}`);
  }
  fill('updated', results.votingNow
    ? `Votación en curso: la participación se actualiza cada 10 segundos. Última actualización: ${formatDayTime(new Date(serviceNow()))} (hora del centro de México).`
    : '');
}

/**
 * When it happened, in Querétaro's time, each as a term and what its <dd> holds: the voting period as it was (the API's
 * words say an early close), online voting's when there was any, and the IEEQ's certification and the publication once
 * they exist.
 */
function dates(results, withdrawal) {
  const central = ' (hora del centro de México)';
  const at = instant => [h('time', { datetime: instant }, formatDayTime(instant)), central];
  return [
    // Withdrawn before it opened: when, and why as staff wrote it (it left the lists; its link says so), before its planned hours.
    withdrawal ? ['Se retiró antes de abrir la votación', ...at(withdrawal.withdrawnAt), `. Motivo: ${withdrawal.reason}`] : null,
    [!results.onlineWindowLabel ? 'Periodo de votación' : results.kioskVoting ? 'Votación en kioscos' : 'Horario de la Jornada', results.votingWindowLabel + central],
    results.onlineWindowLabel ? ['Votación en línea', results.onlineWindowLabel + central] : null,
    results.certifiedAt ? ['Cómputo certificado por el IEEQ', ...at(results.certifiedAt)] : null,
    results.publishedAt ? ['Proyecto elegido publicado', ...at(results.publishedAt)] : null,
  ].filter(Boolean);
}

async function start() {
  try {
    const jornadaId = jornadaInAddress();
    if (jornadaId) await showResults(jornadaId);
    else await showList();
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    document.querySelector('[data-panel="loading"]').hidden = true;
    showProblem(alert, error);
  }
}

start();
