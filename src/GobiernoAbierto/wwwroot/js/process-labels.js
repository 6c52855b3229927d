// Spanish names for what the participation-process API sends as enum names ("FirstWorkTable", "Done"…), where the
// answer carries no ...Label of its own. Shared by proceso.js and propuesta.js.
import { ApiProblem, callApi } from './api.js';

export const stageNames = {
  FirstWorkTable: 'Primera mesa de trabajo',
  SecondWorkTable: 'Segunda mesa de trabajo',
  Jornada: 'Jornada de Participación',
  Convenio: 'Firma de convenio',
  FirstCommitteeSession: 'Primera sesión ordinaria del Comité de Gobierno Abierto',
  SecondCommitteeSession: 'Segunda sesión ordinaria del Comité de Gobierno Abierto',
  ThirdCommitteeSession: 'Tercera sesión ordinaria del Comité de Gobierno Abierto',
  FourthCommitteeSession: 'Cuarta sesión ordinaria del Comité de Gobierno Abierto',
  Concluded: 'Proceso concluido',
};

/** The committee's ordinary sessions, 1 to 4, and the stage each belongs to. */
export const committeeSessions = [
  { number: 1, stage: 'FirstCommitteeSession', name: 'Primera sesión ordinaria' },
  { number: 2, stage: 'SecondCommitteeSession', name: 'Segunda sesión ordinaria' },
  { number: 3, stage: 'ThirdCommitteeSession', name: 'Tercera sesión ordinaria' },
  { number: 4, stage: 'FourthCommitteeSession', name: 'Cuarta sesión ordinaria' },
];

export const stageStatusNames = { Done: 'Concluida', Current: 'Etapa actual', Upcoming: 'Próxima' };

export const proposalStatusNames = {
  Deliberating: 'En deliberación',
  Withdrawn: 'Retirada',
  Merged: 'Fusionada con otra propuesta',
  Viable: 'Viable',
  NotViable: 'No viable',
  Shortlisted: 'Se vota en la Jornada',
  Chosen: 'Elegida en la Jornada',
};

export const verdictNames = { Viable: 'Viable', NotViable: 'No viable' };

export const categoryNames = {
  Paving: 'Pavimentación',
  Lighting: 'Alumbrado público',
  PublicSpace: 'Espacio público y áreas verdes',
  WaterAndDrainage: 'Agua potable y drenaje',
  Mobility: 'Movilidad y banquetas',
  CommunityFacility: 'Equipamiento comunitario',
  Other: 'Otra',
};

export const agreementStatusNames = { Pending: 'Pendiente', InProgress: 'En proceso', Done: 'Cumplido', Cancelled: 'Cancelado' };

export const tableModeNames = { Virtual: 'Virtual', InPerson: 'Presencial' };

export const stanceNames = { For: 'A favor', Against: 'En contra' };

/** What each entry of a proposal's timeline ("kind") is. */
export const timelineKindNames = {
  submitted: 'Presentada',
  argument: 'Argumento',
  comment: 'Comentario',
  endorsed: 'Respaldo',
  withdrawn: 'Retirada',
  merged: 'Fusionada',
  absorbed: 'Fusión',
  feasibility: 'Factibilidad',
  shortlisted: 'Terna',
  chosen: 'Elegida',
};

/** The Spanish name, or the value itself when this page does not know it yet (a newer service). */
export const nameOf = (names, value) => names[value] ?? value;

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
 * A function from colonia id to its name. The process's own answers carry only colonia ids; the names come from its
 * Jornada, created from the same territory, once there is one. Before that, the id is shown as is.
 */
export function coloniaNamer(timeline) {
  const names = new Map((timeline?.coloniaList ?? []).map(c => [c.id, c.name]));
  return id => names.get(id) ?? id;
}
