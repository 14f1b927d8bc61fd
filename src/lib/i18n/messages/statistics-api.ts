import type { Catalogue } from './types';

// Messages of the statistics API (imports by API clients).
export default {
	de: {
		'statistics.api.error.emptyBody': 'Der Anfrageinhalt ist leer. Senden Sie die Datei als Inhalt der Anfrage.'
	},
	en: {
		'statistics.api.error.emptyBody': 'The request body is empty. Send the file as the body of the request.'
	}
} satisfies Catalogue;
