import { defineErrors } from '../../platform/http/errors.ts';

/**
 * Open311 answers errors as the GeoReport v2 specification says: 403 for a missing or bad
 * api_key, 404 for something unknown in the path, 400 for everything else; the body is
 * `[{code, description}]` (XML `<errors><error>…`) with the HTTP status as `code`.
 */
export const Open311Errors = defineErrors({
  OPEN311_API_KEY_INVALID: {
    status: 403,
    id: 'api_key tidak ada, tidak dikenal atau sudah dicabut.',
    en: 'The api_key is missing, unknown or revoked.',
  },
  OPEN311_FORMAT_UNKNOWN: {
    status: 400,
    id: 'Format tidak didukung: akhiri alamat dengan .json atau .xml.',
    en: 'Unsupported format: end the path with .json or .xml.',
  },
  OPEN311_INVALID: {
    status: 400,
    id: 'Parameter permintaan tidak valid.',
    en: 'The request parameters are not valid.',
  },
  OPEN311_SERVICE_NOT_FOUND: {
    status: 404,
    id: 'service_code tidak dikenal.',
    en: 'Unknown service_code.',
  },
  OPEN311_REQUEST_NOT_FOUND: {
    status: 404,
    id: 'service_request_id tidak ditemukan.',
    en: 'service_request_id not found.',
  },
  OPEN311_TOKEN_NOT_FOUND: { status: 404, id: 'Token tidak ditemukan.', en: 'Token not found.' },
  OPEN311_NOT_FOUND: {
    status: 404,
    id: 'Sumber daya Open311 tidak ada.',
    en: 'No such Open311 resource.',
  },
  API_KEY_NOT_FOUND: { status: 404, id: 'Kunci API tidak ditemukan.', en: 'API key not found.' },
});
