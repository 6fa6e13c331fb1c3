import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake endpoint received: the API action and its parameters. */
export interface FakeAwsRequest {
  /** `GetSessionToken`, `ListMFADevices`, … (query protocol) or `GetParameter`, … (JSON protocol). */
  readonly action: string;
  readonly params: Record<string, unknown>;
  /** The Authorization header: the request was signed (SigV4) by the SDK. */
  readonly authorization: string;
}

/** An answer: a status and the body in the protocol's format. */
export interface FakeAwsAnswer {
  readonly status?: number;
  readonly body: string;
}

/**
 * A local HTTP server that answers AWS API calls the way AWS does on the wire (STS and IAM speak the
 * query protocol with XML answers, SSM speaks JSON 1.1), for tests that run the real `orgmfa` binary
 * in another process with `AWS_ENDPOINT_URL` pointing here. It listens on 127.0.0.1 only.
 */
export class FakeAwsEndpoint {
  readonly requests: FakeAwsRequest[] = [];
  private server: Server | undefined;

  constructor(private readonly answer: (request: FakeAwsRequest) => FakeAwsAnswer) {}

  /** Starts listening; resolves to the endpoint URL. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void readBody(req).then((body) => {
        const target = req.headers['x-amz-target'];
        const request: FakeAwsRequest =
          typeof target === 'string'
            ? {
                action: target.split('.').at(-1)!,
                params: JSON.parse(body || '{}') as Record<string, unknown>,
                authorization: String(req.headers.authorization ?? ''),
              }
            : queryRequest(body, String(req.headers.authorization ?? ''));
        this.requests.push(request);
        const { status = 200, body: answer } = this.answer(request);
        res.writeHead(status, {
          'content-type': typeof target === 'string' ? 'application/x-amz-json-1.1' : 'text/xml',
          'x-amzn-requestid': `req-${this.requests.length}`,
        });
        res.end(answer);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server === undefined ? resolve() : this.server.close(() => resolve()),
    );
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk) => (body += String(chunk)));
    req.on('end', () => resolve(body));
  });
}

function queryRequest(body: string, authorization: string): FakeAwsRequest {
  const params = Object.fromEntries(new URLSearchParams(body));
  const { Action: action = '', Version: _version, ...rest } = params;
  return { action, params: rest, authorization };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function xmlElements(fields: Record<string, string | readonly Record<string, string>[]>): string {
  return Object.entries(fields)
    .map(([name, value]) =>
      typeof value === 'string'
        ? `<${name}>${escapeXml(value)}</${name}>`
        : `<${name}>${value.map((member) => `<member>${xmlElements(member)}</member>`).join('')}</${name}>`,
    )
    .join('');
}

/** A query-protocol answer: `<ActionResponse><ActionResult>…</ActionResult></ActionResponse>`. */
export function queryAnswer(
  service: 'sts' | 'iam',
  action: string,
  result: Record<string, string | readonly Record<string, string>[] | Record<string, string>>,
): FakeAwsAnswer {
  const namespace =
    service === 'sts'
      ? 'https://sts.amazonaws.com/doc/2011-06-15/'
      : 'https://iam.amazonaws.com/doc/2010-05-08/';
  const inner = Object.entries(result)
    .map(([name, value]) =>
      typeof value === 'string' || Array.isArray(value)
        ? xmlElements({ [name]: value as string | readonly Record<string, string>[] })
        : `<${name}>${xmlElements(value as Record<string, string>)}</${name}>`,
    )
    .join('');
  return {
    body: `<${action}Response xmlns="${namespace}"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></${action}Response>`,
  };
}

/** A query-protocol error, as STS and IAM send it. */
export function queryError(status: number, code: string, message: string): FakeAwsAnswer {
  return {
    status,
    body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`,
  };
}
