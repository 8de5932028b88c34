// One row of the `npm run bench` table (ratio = reference_s / ours_s; above 1 we are faster).
export interface BenchRow {
  name: string;
  ours_s: number;
  reference: string;
  reference_s: number;
  ratio: number;
  ours_peak_mb: number;
}
