import type { Catalogue } from './types';

// Texts of the API documentation page.
export default {
	de: {
		'api.docsTitle': 'Programmierschnittstelle (API)',
		'api.docsIntro': 'Die REST-Schnittstelle /api/v1 erlaubt Fachverfahren und Auswertungen den Zugriff auf Stadtteile, Ziele und Maßnahmen Ihrer Kommune. Ein API-Schlüssel wird in der Verwaltung Ihrer Kommune erstellt und als „Authorization: Bearer …“ gesendet.',
		'api.openapiLink': 'OpenAPI-3.1-Beschreibung (Version {version}) herunterladen',
		'api.problemsTitle': 'Fehlermeldungen',
		'api.problemsIntro': 'Fehler werden als „application/problem+json“ nach RFC 9457 beantwortet: type, title, status und bei ungültigen Feldern errors mit einer Meldung je Feld. IDs einer anderen Kommune werden wie unbekannte IDs mit 404 beantwortet.',
		'api.endpoints': 'Endpunkte',
		'api.endpointsCaption': '{count, plural, one {# Endpunkt} other {# Endpunkte}}',
		'api.method': 'Methode',
		'api.path': 'Pfad',
		'api.summary': 'Beschreibung',
		'api.responses': 'Antworten'
	},
	en: {
		'api.docsTitle': 'Application programming interface (API)',
		'api.docsIntro': 'The REST interface /api/v1 gives specialised systems and analyses access to the districts, goals and measures of your municipality. An API token is created in your municipality\'s administration and sent as "Authorization: Bearer …".',
		'api.openapiLink': 'Download the OpenAPI 3.1 description (version {version})',
		'api.problemsTitle': 'Errors',
		'api.problemsIntro': 'Errors are answered as "application/problem+json" following RFC 9457: type, title, status and, for invalid fields, errors with one message per field. Ids of another municipality are answered 404 like unknown ids.',
		'api.endpoints': 'Endpoints',
		'api.endpointsCaption': '{count, plural, one {# endpoint} other {# endpoints}}',
		'api.method': 'Method',
		'api.path': 'Path',
		'api.summary': 'Description',
		'api.responses': 'Responses'
	}
} satisfies Catalogue;
