import type { Catalogue } from './types';
import common from './common';
import errors from './errors';
import auth from './auth';
import admin from './admin';
import districts from './districts';
import concepts from './concepts';
import plans from './plans';
import api from './api';
import statisticsImport from './statistics-import';
import statistics from './statistics';
import statisticsViews from './statistics-views';
import statisticsSources from './statistics-sources';
import statisticsApi from './statistics-api';
import needs from './needs';
import planDocument from './plan-document';

export type { Catalogue };
export const catalogues: Catalogue[] = [common, errors, auth, admin, districts, concepts, plans, api, statisticsImport, statisticsViews, statistics, statisticsSources, planDocument, needs, statisticsApi];
