// Bundle entry for the grid benchmark: exactly the production code of zensus-grid.ts (and the reprojection it uses).
export { DistrictIndex, aggregateGrid } from '../../src/lib/server/statistics/import/zensus-grid';
export { reprojectGeometry } from '../../src/lib/server/statistics/import/boundaries';
