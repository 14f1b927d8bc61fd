import nodemailer, { type Transporter } from 'nodemailer';
import { config } from '../core/config';
import { log } from '../core/log';

export interface MailMessage {
	to: string;
	subject: string;
	text: string;
}

let transport: Transporter | null | undefined;

/** Tests (and only tests) replace the transport, e.g. with nodemailer's jsonTransport. `undefined` resets to the configured one. */
export function setMailTransport(t: Transporter | null | undefined): void {
	transport = t;
}

function currentTransport(): Transporter | null {
	if (transport === undefined) {
		const url = config().SMTP_URL;
		transport = url ? nodemailer.createTransport(url) : null;
	}
	return transport;
}

/** Whether mail can be sent at all (SMTP_URL configured). */
export const mailConfigured = (): boolean => currentTransport() !== null;

/** Sends a plain-text mail. Returns false when no SMTP server is configured; throws when sending fails. */
export async function sendMail(message: MailMessage): Promise<boolean> {
	const t = currentTransport();
	if (!t) return false;
	await t.sendMail({ from: config().MAIL_FROM, to: message.to, subject: message.subject, text: message.text });
	return true;
}

export type LinkDelivery = 'mailed' | 'not-configured' | 'failed';

/**
 * Delivers a one-time link by mail. Without SMTP the link is written to the log on purpose – the only place
 * where a raw token is ever logged – so an operator can pass it on. A failed send is logged without the link.
 */
export async function deliverLink(kind: 'invitation' | 'password-reset', message: MailMessage, link: string): Promise<LinkDelivery> {
	if (!mailConfigured()) {
		log('info', `${kind} link (no SMTP_URL configured, pass it on by hand)`, { to: message.to, link });
		return 'not-configured';
	}
	try {
		await sendMail(message);
		return 'mailed';
	} catch (e) {
		log('error', `${kind} mail could not be sent`, { to: message.to, error: e instanceof Error ? e.message : String(e) });
		return 'failed';
	}
}
