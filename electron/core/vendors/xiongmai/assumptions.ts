/**
 * NETIP message shapes the public documents do not spell out (xiongmai.md: [I]/[U]), each behind
 * one function named as an assumption so a capture can replace it.
 */

/**
 * The logout (1002) body. xiongmai.md §3 lists the message but quotes no body; we send the shape
 * every other session-bound request has (`Name` + `SessionID`), with an empty name [I].
 */
export function assumedXmLogoutBody(sessionIdHex: string): Record<string, string> {
  return { Name: '', SessionID: sessionIdHex };
}
