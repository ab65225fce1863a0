import sqlQueryStringFormatting from './sql-query-string-formatting';

export default [sqlQueryStringFormatting];
