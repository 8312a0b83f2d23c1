/**
 * Security questions. The behaviour is confirmed (dahua.md §12b: the owner sets questions and
 * answers; answering all of them allows a new password), the RPCs are not: the names below come
 * from one unverified write-up (S18, [LOW]) and the setter is not public at all. All of them sit
 * behind `assumedSecurityQuestionRpc`.
 */
import type { DahuaDeviceState } from './device-state';
import type { DahuaEnv } from './env';
import { isAcceptablePassword } from './password-policy';
import { assumedCodeFailureParams, assumedResetLimits } from './reset-limits';
import { RPC_ERROR } from './errors';
import { assumedSdkErrorReply, fail, ok, type RpcReply, type RpcRequest } from './rpc';
import { openSealedParams } from './sealed';

/**
 * ASSUMPTION (S18 [LOW] for the PasswdFind names; `setQuestion` invented, no public source): the
 * method names, with `{user, question:[{answer}]}` bodies and `checkResult: "true"|"false"`.
 * Plain params and the encrypted envelope are both accepted, since which one firmware wants is
 * unknown. Wrong answers share the security code's limits.
 */
export function assumedSecurityQuestionRpc() {
  return {
    listAll: 'SecretQuestion.getAllQuestion',
    set: 'SecretQuestion.setQuestion',
    get: 'PasswdFind.getSecretQuestion',
    check: 'PasswdFind.checkQuestionAnswer',
    reset: 'PasswdFind.resetPwdByQuestion',
  } as const;
}
export const QUESTION_RPC = assumedSecurityQuestionRpc();

/** The questions a Dahua recorder offers to choose from (menu text, stored as data). */
export const PREDEFINED_QUESTIONS: readonly string[] = Object.freeze([
  'What is your favorite children’s book?',
  'What was the first name of your first boss?',
  'What is the name of your favorite fruit?',
  'What is your dream job?',
  'What is your favorite movie?',
  'Who is your favorite singer?',
]);

const LIMITS = assumedResetLimits();

async function bodyOf(s: DahuaDeviceState, req: RpcRequest): Promise<Record<string, unknown>> {
  return (await openSealedParams(s, req)) ?? req.params ?? {};
}

function answersOf(body: Record<string, unknown>): string[] | null {
  if (!Array.isArray(body.question)) return null;
  const answers = body.question.map((q: unknown) =>
    typeof q === 'object' && q !== null ? (q as { answer?: unknown }).answer : undefined,
  );
  return answers.every((a) => typeof a === 'string') ? (answers as string[]) : null;
}

/** Wrong answers count like wrong security codes; null when every answer matches. */
function verifyAnswers(
  s: DahuaDeviceState,
  req: RpcRequest,
  body: Record<string, unknown>,
  env: DahuaEnv,
) {
  if (!s.initialized) return assumedSdkErrorReply(req, 'notInitializedCannotReset');
  const lockMs = s.codeLockedUntil - env.now;
  if (lockMs > 0)
    return assumedSdkErrorReply(
      req,
      'tooManyAuthCodeChecks',
      assumedCodeFailureParams(0, Math.ceil(lockMs / 1000)),
    );
  const answers = answersOf(body);
  const right =
    s.questions.length > 0 &&
    answers?.length === s.questions.length &&
    s.questions.every((q, i) => q.answer.trim() === answers[i]!.trim());
  if (right) {
    s.questionFailures = 0;
    return null;
  }
  s.questionFailures++;
  const left = LIMITS.maxWrongCodes - s.questionFailures;
  let lockSecond = 0;
  if (left <= 0) {
    s.questionFailures = 0;
    s.codeLockedUntil = env.now + LIMITS.wrongCodeLockMs;
    lockSecond = LIMITS.wrongCodeLockMs / 1000;
  }
  const params = {
    checkResult: 'false',
    ...assumedCodeFailureParams(Math.max(0, left), lockSecond),
  };
  return { ...ok(req, params), result: false };
}

/** Unauthenticated question calls on /OutsideCmd; null when `req` is not one of them. */
export async function outsideQuestionCall(
  s: DahuaDeviceState,
  req: RpcRequest,
  env: DahuaEnv,
): Promise<RpcReply | null> {
  switch (req.method) {
    case QUESTION_RPC.listAll:
      return ok(req, { question: [...PREDEFINED_QUESTIONS] });
    case QUESTION_RPC.get:
      if (!s.initialized) return assumedSdkErrorReply(req, 'notInitializedCannotReset');
      return ok(req, { question: s.questions.map((q) => ({ question: q.question })) });
    case QUESTION_RPC.check: {
      const refused = verifyAnswers(s, req, await bodyOf(s, req), env);
      return refused ?? ok(req, { checkResult: 'true' });
    }
    case QUESTION_RPC.reset: {
      const body = await bodyOf(s, req);
      const refused = verifyAnswers(s, req, body, env);
      if (refused) return refused;
      if (!isAcceptablePassword(body.pwd)) return assumedSdkErrorReply(req, 'passwordNotStrong');
      s.setPassword(body.pwd);
      return ok(req, { result: true });
    }
    default:
      return null;
  }
}

/** The authenticated setter: `{question:[{question, answer}]}`, one to three of them. */
export async function setQuestions(s: DahuaDeviceState, req: RpcRequest): Promise<RpcReply> {
  const body = await bodyOf(s, req);
  const list = Array.isArray(body.question) ? (body.question as unknown[]) : [];
  const parsed = list.map((q) =>
    typeof q === 'object' && q !== null ? (q as Record<string, unknown>) : {},
  );
  const valid =
    parsed.length >= 1 &&
    parsed.length <= 3 &&
    parsed.every(
      (q) =>
        typeof q.question === 'string' &&
        q.question.trim() !== '' &&
        typeof q.answer === 'string' &&
        q.answer.trim() !== '',
    );
  if (!valid) return fail(req, RPC_ERROR.invalidParam);
  s.questions = parsed.map((q) => ({ question: String(q.question), answer: String(q.answer) }));
  return ok(req, null);
}
