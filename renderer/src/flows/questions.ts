/** Security question slots: which question each holds and its answer, and what is wrong with them. */

export interface QuestionSlot {
  id: number | null;
  answer: string;
}

/** `empty`: nothing filled (the part is skipped); `incomplete`: some filled; `duplicate`: a question twice. */
export type QuestionsProblem = 'empty' | 'incomplete' | 'duplicate' | null;

export function questionsProblem(slots: readonly QuestionSlot[]): QuestionsProblem {
  if (slots.length === 0) return 'empty';
  const filled = (s: QuestionSlot) => s.id !== null || s.answer.trim() !== '';
  if (!slots.some(filled)) return 'empty';
  const ids = slots.map((s) => s.id).filter((id): id is number => id !== null);
  if (new Set(ids).size !== ids.length) return 'duplicate';
  if (slots.some((s) => s.id === null || s.answer.trim() === '')) return 'incomplete';
  return null;
}

/** The question ids chosen in the other slots: the one at `index` may not take them. */
export function takenElsewhere(slots: readonly QuestionSlot[], index: number): Set<number> {
  return new Set(slots.flatMap((s, i) => (i !== index && s.id !== null ? [s.id] : [])));
}
