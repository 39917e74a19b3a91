/** The coordinator's session API as the client calls it (docs/spec/opengrid.md). */
import {
  COORDINATOR_PATHS,
  checkLandmarksResponse,
  checkOpenSessionResponse,
  type Landmark,
  type OpenSessionRequest,
  type OpenSessionResponse,
} from '@mycel/wire';
import { OpenGridError } from './errors.js';
import { endpointUrl, errorOfAnswer, type HttpContext, requestJson } from './http-json.js';

/** `POST /v1/sessions`: placement and a ticket, or the grid's refusal as an OpenGridError. */
export async function requestSession(
  coordinator: string,
  request: OpenSessionRequest,
  context: HttpContext,
): Promise<OpenSessionResponse> {
  const url = endpointUrl(coordinator, COORDINATOR_PATHS.sessions);
  const answer = await requestJson(url, { method: 'POST', body: request }, context);
  if (answer.status !== 200 && answer.status !== 201) {
    throw errorOfAnswer(answer, 'the coordinator refused the session');
  }
  if (!checkOpenSessionResponse.Check(answer.body)) {
    const first = checkOpenSessionResponse.Errors(answer.body).First();
    throw new OpenGridError(
      'sdk_response_invalid',
      `the coordinator's session answer is malformed: ${first?.path ?? ''} ${first?.message ?? ''}`,
      { status: answer.status },
    );
  }
  return answer.body;
}

/** `GET /v1/landmarks`: where the client may probe to place itself. */
export async function requestLandmarks(
  coordinator: string,
  context: HttpContext,
): Promise<readonly Landmark[]> {
  const url = endpointUrl(coordinator, COORDINATOR_PATHS.landmarks);
  const answer = await requestJson(url, { method: 'GET' }, context);
  if (answer.status !== 200) throw errorOfAnswer(answer, 'the coordinator listed no landmarks');
  if (!checkLandmarksResponse.Check(answer.body)) {
    throw new OpenGridError('sdk_response_invalid', "the coordinator's landmark list is malformed");
  }
  return answer.body.landmarks;
}
