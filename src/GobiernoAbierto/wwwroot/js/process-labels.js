// Spanish names for what the participation-process API sends as enum names ("FirstWorkTable", "Done"…), where the
// answer carries no ...Label of its own: served by the API, so they have one source. Shared by proceso.js and propuesta.js.
import { ApiProblem, callApi, serviceNow } from './api.js';

/**
 * The Spanish names, from the service itself (GET /api/labels: stages, stageStatuses, proposalStatuses, verdicts,
 * categories, agreementStatuses, tableModes, stances, timelineKinds, committeeSessions). Call loadNames() before
 * rendering; if it fails the pages still show, with the values as the API sends them.
 */
export const names = { committeeSessions: [] };

export async function loadNames() {
  try {
    Object.assign(names, await callApi('/api/labels'));
    names.proposalStatuses = { ...names.proposalStatuses, [VOTE_CLOSED]: 'Votación cerrada', [NOT_OPENED]: 'La Jornada no se abrió' };
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
  }
}

/**
 * A finalist's status as a resident should read it: between the close of its Jornada and the publication (or a new
 * Jornada after a tie) the service still says Shortlisted, and its badge read «Se vota en la Jornada» after the vote was
 * over. What came of it is the results page's to say (a winner not yet certified or published, or a tie).
 */
export const VOTE_CLOSED = 'VoteClosed';
export const finalistStatus = (status, jornada) => status !== 'Shortlisted' ? status
  : ['Closed', 'Certified'].includes(jornada?.status) ? VOTE_CLOSED
  : neverOpened(jornada) ? NOT_OPENED
  : status;

/**
 * A process's Jornada whose voting period ended before anyone opened it (CallNewJornadaEndpoint.WhyVoteAgain,
 * window_lapsed): it can no longer open, so it chooses nothing and the Municipio calls a new one. The pages read «Se vota
 * en la Jornada» and «su avance se publica después de la Jornada» for good, of a vote that was never going to happen.
 */
export const NOT_OPENED = 'JornadaNotOpened';
// Its whole period, as the service's rule: not `votingEnded`, which an online-only Jornada whose online hours alone passed
// also reads, and which a kiosk registered now can still open (OpenJornada).
export const neverOpened = jornada => jornada?.status === 'Preparing' && Boolean(jornada.processId)
  && serviceNow() >= Date.parse(jornada.votingClosesAt);

/**
 * Whether the process's vote is over: its Jornada took its last ballot (closed, or its hours ended after it opened), or the
 * chosen work is known when the Jornada cannot be read. Until then a viable proposal left out is one of those «que se
 * votan», not «que se votaron» (it read so before anyone had voted).
 */
export const voteIsOver = (jornada, timeline) => jornada
  ? ['Closed', 'Certified', 'Published'].includes(jornada.status)
    || (jornada.status === 'Open' && jornada.votingEnded && (!jornada.online || jornada.online.ended))
  : Boolean(timeline?.chosenWork);

/** The Spanish name in one of the tables of `names`, or the value itself when there is none. */
export const nameOf = (table, value) => table?.[value] ?? value;

/**
 * The process's Jornada (GET /api/jornadas/{id}), or null when the shortlist has not created it yet or it cannot be
 * read: the page still shows everything else.
 */
export async function jornadaOf(timeline) {
  if (!timeline.shortlist) return null;
  try {
    return await callApi(`/api/jornadas/${encodeURIComponent(timeline.shortlist.jornadaId)}`);
  } catch (error) {
    if (error instanceof ApiProblem) return null;
    throw error;
  }
}

/**
 * The Jornada's results (GET /api/jornadas/{id}/results) once the IEEQ certified its count, or once its period ended
 * without it opening (neverOpened), else null (also when they cannot be read). After a certified tie nothing is ever published: the page says so in the results' own words
 * (outcomeLabel), not that the Municipio will publish the chosen project.
 */
export async function certifiedResultsOf(jornada) {
  if (jornada?.status !== 'Certified' && !neverOpened(jornada)) return null;
  try {
    return await callApi(`/api/jornadas/${encodeURIComponent(jornada.id)}/results`);
  } catch (error) {
    if (error instanceof ApiProblem) return null;
    throw error;
  }
}

/**
 * A function from colonia id to its name. The process's answers about tables and proposals carry only colonia ids; the
 * names come from the process itself (GET /api/processes/{id}, its territory's coloniaList), the one source of them.
 * Only when the process cannot be read is the id shown as is.
 */
export function coloniaNamer(timeline) {
  const names = new Map((timeline?.coloniaList ?? []).map(c => [c.id, c.name]));
  return id => names.get(id) ?? id;
}
