import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { asBearer } from './factories.ts';

/** Issues an Open311 API key through the admin API, as an admin does in the console. */
export async function issueKey(
  app: FastifyInstance,
  admin: { token: string },
  body: Record<string, unknown> = {},
): Promise<{ id: string; key: string; prefix: string }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/open311/api-keys',
    headers: asBearer(admin),
    payload: { name: 'Aplikasi Warga Uji', ...body },
  });
  if (response.statusCode !== 201) throw new Error(`key not issued: ${response.statusCode} ${response.body}`);
  return response.json();
}

/** A valid GeoReport v2 POST (form fields), with overrides; `undefined` removes a field. */
export function requestForm(fields: Record<string, string | undefined> = {}): Record<string, string> {
  const form: Record<string, string | undefined> = {
    service_code: 'infrastruktur',
    jurisdiction_id: '35.78',
    lat: '-7.3301234',
    long: '112.6998765',
    address_string: 'Jl. Mastrip No. 12, Karang Pilang, Surabaya',
    description:
      'Jalan berlubang besar di depan sekolah dasar. Sudah sebulan dan membahayakan pengendara motor.',
    email: 'pelapor.open311@example.id',
    first_name: 'Rahmat',
    last_name: 'Pelapor',
    phone: '+62 812 3456 7890',
    ...fields,
  };
  return Object.fromEntries(Object.entries(form).filter(([, value]) => value !== undefined)) as Record<
    string,
    string
  >;
}

/** POSTs form-encoded, as Open311 clients do. */
export function postRequest(
  app: FastifyInstance,
  form: Record<string, string>,
  format: 'json' | 'xml' = 'json',
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: `/open311/v2/requests.${format}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(form).toString(),
  });
}

/** Posts and follows the token to the service_request_id, as a client of a "batch" service does. */
export async function postAndResolve(app: FastifyInstance, form: Record<string, string>): Promise<string> {
  const posted = await postRequest(app, form);
  if (posted.statusCode !== 201) throw new Error(`post failed: ${posted.statusCode} ${posted.body}`);
  const [{ token }] = posted.json() as [{ token: string }];
  const resolved = await app.inject({ method: 'GET', url: `/open311/v2/tokens/${token}.json` });
  if (resolved.statusCode !== 200) throw new Error(`token failed: ${resolved.statusCode} ${resolved.body}`);
  return (resolved.json() as [{ service_request_id: string }])[0].service_request_id;
}

const LIST_ELEMENTS = new Set(['service', 'request', 'error', 'attribute', 'value', 'endpoint', 'format']);

/** Parses an XML answer with a real parser, after checking it is well-formed. */
export function parseXml(body: string): Record<string, unknown> {
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid)}`);
  const parser = new XMLParser({
    parseTagValue: false,
    isArray: (name) => LIST_ELEMENTS.has(name),
  });
  return parser.parse(body) as Record<string, unknown>;
}
