import { translate, type Locale } from '../../i18n';
import type { MailMessage } from './mailer';

const dateTime = (iso: string, locale: Locale) =>
	new Intl.DateTimeFormat(locale === 'de-x-ls' ? 'de' : locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(new Date(iso));

/** The invitation mail in the inviting admin's language. */
export function invitationMail(opts: { locale: Locale; to: string; municipality: string; role: string; link: string; expiresAt: string }): MailMessage {
	const t = (k: string, p?: Record<string, string>) => translate(opts.locale, k, p);
	return {
		to: opts.to,
		subject: t('mail.invite.subject', { municipality: opts.municipality }),
		text: t('mail.invite.body', {
			municipality: opts.municipality,
			role: t(`admin.role.${opts.role}`),
			link: opts.link,
			expires: dateTime(opts.expiresAt, opts.locale)
		})
	};
}

export function passwordResetMail(opts: { locale: Locale; to: string; link: string; expiresAt: string }): MailMessage {
	const t = (k: string, p?: Record<string, string>) => translate(opts.locale, k, p);
	return {
		to: opts.to,
		subject: t('mail.reset.subject'),
		text: t('mail.reset.body', { link: opts.link, expires: dateTime(opts.expiresAt, opts.locale) })
	};
}
