import { OrgMfaError } from '../errors';

/** A report's input contradicts itself (a result for an account the report does not list, …). */
export class ReportInputError extends OrgMfaError {
  override readonly name = 'InvalidReportInput';
}

/** A `--severity` or `--control` filter names something that does not exist. */
export class ReportFilterError extends OrgMfaError {
  override readonly name = 'InvalidReportFilter';
}
