/**
 * The kiosk's outbox in localStorage: every answered questionnaire is stored here first, with a response id made
 * on the device, and sent when the network allows. The server treats the id as idempotency key, so sending an
 * entry twice (the acknowledgement got lost, two tabs flushing at once) stores it once.
 */
export interface QueuedResponse {
	responseId: string;
	language: string;
	submittedAt: string;
	fields: Record<string, string | string[]>;
}

export type SendOutcome = 'stored' | 'rejected' | 'retry';

const keyOf = (token: string) => `quartier-kiosk:${token}`;
const rejectedKeyOf = (token: string) => `quartier-kiosk-rejected:${token}`;

export function readQueue(token: string): QueuedResponse[] {
	try {
		const v = JSON.parse(localStorage.getItem(keyOf(token)) ?? '[]');
		return Array.isArray(v) ? v : [];
	} catch {
		return [];
	}
}

function writeQueue(token: string, q: QueuedResponse[]): void {
	localStorage.setItem(keyOf(token), JSON.stringify(q));
}

export function enqueue(token: string, entry: QueuedResponse): void {
	writeQueue(token, [...readQueue(token).filter((e) => e.responseId !== entry.responseId), entry]);
}

export function removeFromQueue(token: string, responseId: string): void {
	writeQueue(token, readQueue(token).filter((e) => e.responseId !== responseId));
}

export function rejectedCount(token: string): number {
	return Number(localStorage.getItem(rejectedKeyOf(token)) ?? '0') || 0;
}

function markRejected(token: string, entry: QueuedResponse): void {
	// Kept apart (not resent forever), counted for the team; the entry itself stays on the device for inspection.
	const key = `${rejectedKeyOf(token)}:items`;
	const items = JSON.parse(localStorage.getItem(key) ?? '[]') as QueuedResponse[];
	localStorage.setItem(key, JSON.stringify([...items, entry]));
	localStorage.setItem(rejectedKeyOf(token), String(rejectedCount(token) + 1));
}

export function uuid(): string {
	if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
	const b = crypto.getRandomValues(new Uint8Array(16));
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Sends one entry. 'retry' = network down, server busy or failing: keep it queued. */
export async function sendOne(token: string, key: string, entry: QueuedResponse): Promise<{ outcome: SendOutcome; errors?: Record<string, string[]> }> {
	let res: Response;
	try {
		res = await fetch(`/s/${encodeURIComponent(token)}/responses`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-kiosk-key': key },
			body: JSON.stringify(entry)
		});
	} catch {
		return { outcome: 'retry' };
	}
	if (res.status === 200 || res.status === 201) return { outcome: 'stored' };
	if (res.status === 429 || res.status === 408 || res.status >= 500) return { outcome: 'retry' };
	let errors: Record<string, string[]> | undefined;
	try {
		errors = (await res.json()).errors;
	} catch {
		/* no body */
	}
	return { outcome: 'rejected', errors };
}

let flushing = false;

/** Sends every queued entry in order; stops at the first that must wait. Returns how many are still queued. */
export async function flush(token: string, key: string): Promise<number> {
	if (flushing) return readQueue(token).length;
	flushing = true;
	try {
		for (const entry of readQueue(token)) {
			const { outcome } = await sendOne(token, key, entry);
			if (outcome === 'retry') break;
			if (outcome === 'rejected') markRejected(token, entry);
			removeFromQueue(token, entry.responseId);
		}
	} finally {
		flushing = false;
	}
	return readQueue(token).length;
}

/** The answers of a form as the server reads them (repeated names become arrays). */
export function formFields(form: HTMLFormElement): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	const fd = new FormData(form);
	for (const name of new Set(fd.keys())) {
		if (name === '_csrf' || name === 'website' || name === '_kiosk' || name === '_response') continue;
		const all = fd.getAll(name).filter((v): v is string => typeof v === 'string');
		out[name] = all.length === 1 ? all[0] : all;
	}
	return out;
}
