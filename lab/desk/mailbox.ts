/**
 * The lab's mailbox: where the vendor desk delivers codes. It is one of the two test-only doors
 * (with the control API): a test or a person reads a code here, as they would in their inbox.
 */

export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  body: string;
  /** ISO time of delivery. */
  at: string;
}

/** Messages kept per address and addresses kept at all: a long demo must not grow without bound. */
const MAX_PER_ADDRESS = 100;
const MAX_ADDRESSES = 10_000;

/** Lower-cased, trimmed: the mailbox treats addresses case-insensitively. */
export function normalizeAddress(address: string): string {
  return address.trim().toLowerCase();
}

export class Mailbox {
  private readonly boxes = new Map<string, MailMessage[]>();

  deliver(message: MailMessage): void {
    const key = normalizeAddress(message.to);
    let box = this.boxes.get(key);
    if (!box) {
      if (this.boxes.size >= MAX_ADDRESSES) this.boxes.delete(this.boxes.keys().next().value!);
      box = [];
      this.boxes.set(key, box);
    }
    box.unshift(message);
    if (box.length > MAX_PER_ADDRESS) box.length = MAX_PER_ADDRESS;
  }

  /** The address's messages, newest first (a copy). */
  list(address: string): MailMessage[] {
    return [...(this.boxes.get(normalizeAddress(address)) ?? [])];
  }
}
