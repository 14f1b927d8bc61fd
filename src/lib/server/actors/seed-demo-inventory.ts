import type { Db } from '../db/connection';
import type { CommandContext } from '../core/command';
import { systemPrincipal } from '../core/actor';
import { addMonths, isoDate } from '../../domain/actors';
import { listActionFields } from '../plans/action-fields.repository';
import { findActorByName } from './actors.repository';
import { updateActor } from './update-actor';
import { createActivity } from './create-activity';
import { addCooperation } from './add-cooperation';

/**
 * Demo content of the actor inventory in the demo district (Schillerpromenade, Berlin-Neukölln): profiles of the
 * demo actors, a few ongoing activities (one of them not confirmed for over a year) and their cooperations.
 * Runs after seedDemoActors; actors that do not exist are skipped. No contact persons: demo data holds no
 * personal data.
 */
export async function seedDemoActorInventory(db: Db, municipalityId: string): Promise<void> {
	const ctx: CommandContext = { db, principal: systemPrincipal(municipalityId), requestId: 'demo-seed' };
	const k = db.kysely;
	const fields = new Map((await listActionFields(k, municipalityId)).map((f) => [f.key, f.id]));
	const id = async (name: string) => (await findActorByName(k, municipalityId, name))?.id;
	const verein = await id('Brückenschlag – Verein für Nachbarschaft und Migration e. V. (Demo)');
	const kita = await id('Kita Sonnenblume (Demo)');
	const schule = await id('Grundschule am Park (Demo)');
	const qm = await id('Quartiersmanagement Schillerpromenade (Demo)');
	const wg = await id('Wohnungsgenossenschaft Schillerkiez eG (Demo)');
	const jugendamt = await id('Jugendamt Neukölln');
	if (!verein || !kita || !schule || !qm || !wg || !jugendamt) return;
	const f = (...keys: string[]) => keys.map((key) => fields.get(key)).filter((x): x is string => Boolean(x));
	const today = isoDate(new Date());

	await updateActor({
		ctx,
		actorId: verein,
		input: {
			function: 'Beratung, Sprachmittlung und Elternarbeit; Brücke zu arabisch- und kurdischsprachigen Familien',
			interests: 'Bessere Bildungschancen der Kinder, Anerkennung der Herkunftssprachen',
			resources: 'Ehrenamtliche Sprachmittlerinnen, Vereinsraum am Wochenende',
			motivation: 'Eigene Migrationserfahrung der Mitglieder',
			languages: ['ar', 'ku', 'tr', 'de'],
			keyPerson: true,
			actionFieldIds: f('language', 'education', 'participation')
		}
	});
	await updateActor({ ctx, actorId: kita, input: { function: 'Kita mit Familienzentrum', languages: ['de', 'tr'], actionFieldIds: f('education', 'language') } });
	await updateActor({ ctx, actorId: schule, input: { function: 'Grundschule mit offenem Ganztag', languages: ['de'], actionFieldIds: f('education') } });
	await updateActor({
		ctx,
		actorId: qm,
		input: { function: 'Koordination im Quartier, Verfügungsfonds, Stadtteilforum', resources: 'Räume im Stadtteilladen, Aktionsfonds', actionFieldIds: f('participation', 'social-infrastructure', 'civic-engagement') }
	});
	await updateActor({ ctx, actorId: wg, input: { function: 'Vermietung, Nachbarschaftsräume', resources: 'Gemeinschaftsraum im Hof', actionFieldIds: f('housing', 'social-infrastructure') } });

	const activity = (input: Record<string, unknown>) => createActivity({ ctx, input });
	await activity({
		actorId: verein,
		actionFieldId: fields.get('language'),
		title: 'Sprachcafé für Eltern (Demo)',
		targetGroups: ['parents', 'newcomers'],
		languages: ['de', 'ar', 'ku'],
		address: 'Schillerpromenade 10 (Demo)',
		lat: 52.4759,
		lon: 13.4236,
		schedule: 'wöchentlich, außer in den Schulferien',
		weekdays: ['wed'],
		startTime: '16:00',
		endTime: '18:00',
		cost: '0',
		source: 'Gespräch mit dem Vorstand (Demo)',
		lastConfirmedOn: addMonths(today, -2)
	});
	await activity({
		actorId: kita,
		actionFieldId: fields.get('education'),
		title: 'Rucksack-Elternprogramm (Demo)',
		targetGroups: ['parents', 'children'],
		languages: ['de', 'tr'],
		address: 'Kienitzer Straße (Demo)',
		lat: 52.4779,
		lon: 13.4262,
		schedule: 'zweimal im Monat',
		weekdays: ['fri'],
		startTime: '09:00',
		endTime: '11:00',
		cost: '0',
		source: 'Flyer der Kita (Demo)',
		lastConfirmedOn: addMonths(today, -15)
	});
	await activity({
		actorId: qm,
		actionFieldId: fields.get('participation'),
		title: 'Stadtteilforum mit Flüsterdolmetschen (Demo)',
		targetGroups: ['everyone'],
		languages: ['de', 'ar', 'tr'],
		address: 'Stadtteilladen, Schillerpromenade (Demo)',
		lat: 52.4741,
		lon: 13.4228,
		schedule: 'viermal im Jahr',
		cost: '0',
		source: 'Programm des Quartiersmanagements (Demo)',
		lastConfirmedOn: addMonths(today, -1)
	});
	await activity({
		actorId: wg,
		actionFieldId: fields.get('social-infrastructure'),
		title: 'Hofcafé für Nachbarinnen und Nachbarn (Demo)',
		targetGroups: ['seniors', 'families'],
		languages: ['de'],
		address: 'Gemeinschaftsraum im Hof (Demo)',
		schedule: 'monatlich, erster Samstag',
		weekdays: ['sat'],
		startTime: '15:00',
		endTime: '17:00',
		cost: '1,50 €',
		source: 'Aushang (Demo)',
		lastConfirmedOn: addMonths(today, -6)
	});

	const coop = (a: string, b: string, description: string) => addCooperation({ ctx, actorId: a, input: { partnerId: b, description } });
	await coop(verein, kita, 'Sprachmittlung bei Elterngesprächen');
	await coop(verein, schule, 'Elterncafé in der Schule');
	await coop(kita, schule, 'Übergang Kita–Schule');
	await coop(qm, verein, 'Stadtteilforum, Verfügungsfonds');
	await coop(qm, wg, 'Hofcafé und Nachbarschaftsräume');
	await coop(jugendamt, kita, 'Frühe Hilfen');
}
