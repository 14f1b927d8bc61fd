import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { fieldName } from '../../domain/surveys/model';
import { findMapClick, mapFieldName, parseMapClick } from '../../domain/surveys/place-map';
import { listQuestions } from './surveys.repository';
import { loadPlaceMap } from './place-map';

export type MapClickOutcome =
	| { kind: 'set'; questionId: string; values: Record<string, unknown> }
	| { kind: 'invalid'; questionId: string; values: Record<string, unknown>; errors: Record<string, string[]> };

/**
 * A click on a place question's map (the form was sent by the <input type="image">, without JavaScript): not an
 * answer yet, but "set this place". The click becomes the question's coordinate fields (a chosen named place is
 * cleared, the click is the newer choice) and the form comes back with every other answer as it was. Nothing is
 * stored. A click that is not on the map (forged, missing, out of the picture) or made with the keyboard (the
 * browser then sends the corner 0,0) is refused with a field error and changes nothing.
 * Returns null when the form was not sent by a map.
 */
export async function applyMapClick(
	db: Kysely<Database>,
	survey: { id: string; municipalityId: string; districtId: string | null },
	values: Record<string, unknown>
): Promise<MapClickOutcome | null> {
	if (!Object.keys(values).some((k) => /^m_.+\.[xy]$/.test(k))) return null;
	const questions = (await listQuestions(db, survey.municipalityId, survey.id)).filter((q) => q.kind === 'place');
	const click = findMapClick(values, questions.map((q) => q.id));
	// Map fields of no place question of this survey: dropped, the form comes back as it was.
	const kept = Object.fromEntries(Object.entries(values).filter(([k]) => !/^m_.+\.[xy]$/.test(k)));
	if (!click) return { kind: 'invalid', questionId: '', values: kept, errors: { _form: ['error.survey.mapPoint'] } };
	const name = fieldName.answer(click.questionId);
	const map = await loadPlaceMap(db, survey.municipalityId, survey.districtId);
	if (!map) return { kind: 'invalid', questionId: click.questionId, values: kept, errors: { [name]: ['error.survey.mapPoint'] } };
	if (String(click.x).trim() === '0' && String(click.y).trim() === '0')
		return { kind: 'invalid', questionId: click.questionId, values: kept, errors: { [name]: ['error.survey.mapKeyboard'] } };
	const point = parseMapClick(map.frame, click.x, click.y);
	// Six decimals always: "52.481" would read as a German thousands separator.
	if (!point) return { kind: 'invalid', questionId: click.questionId, values: kept, errors: { [name]: ['error.survey.mapPoint'] } };
	return {
		kind: 'set',
		questionId: click.questionId,
		values: { ...kept, [name]: '', [fieldName.lat(click.questionId)]: point.lat.toFixed(6), [fieldName.lon(click.questionId)]: point.lon.toFixed(6) }
	};
}

export { mapFieldName };
