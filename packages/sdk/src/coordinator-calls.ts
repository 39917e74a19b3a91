/** The coordinator's session API as the client calls it (docs/spec/opengrid.md). */
import {
  COORDINATOR_PATHS,
  checkLandmarksResponse,
  checkOpenSessionResponse,
  type Landmark,
  type OpenSessionRequest,
  type OpenSessionResponse,
  type ResumeSessionRequest,
} from '@mycel/wire';
import { OpenGridError } from './errors.js';
import {
  endpointUrl,
  errorOfAnswer,
  type HttpAnswer,
  type HttpContext,
  requestJson,
} from './http-json.js';

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
  return placementOf(answer, 'session answer');
}

/**
 * `POST /v1/sessions/:sid/resume`: where session `sid` continues after its node was lost, in the
 * shape of an open, or the grid's refusal as an OpenGridError (resume_pending while the
 * coordinator has not yet confirmed the node's failure).
 */
export async function requestResume(
  coordinator: string,
  sid: string,
  request: ResumeSessionRequest,
  context: HttpContext,
): Promise<OpenSessionResponse> {
  const path = COORDINATOR_PATHS.sessionResume.replace(':sid', encodeURIComponent(sid));
  const answer = await requestJson(
    endpointUrl(coordinator, path),
    { method: 'POST', body: request },
    context,
  );
  if (answer.status !== 200) throw errorOfAnswer(answer, 'the coordinator did not resume it');
  const placement = placementOf(answer, 'resume answer');
  // A ticket for another session would attach this client to a stranger's conversation.
  if (placement.sid !== sid) {
    throw new OpenGridError(
      'sdk_response_invalid',
      `the coordinator's resume answer is for session ${placement.sid}, not ${sid}`,
      { status: answer.status },
    );
  }
  return placement;
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

/** The placement an open or resume answer carries, checked against its schema. */
function placementOf(answer: HttpAnswer, what: string): OpenSessionResponse {
  if (!checkOpenSessionResponse.Check(answer.body)) {
    const first = checkOpenSessionResponse.Errors(answer.body).First();
    throw new OpenGridError(
      'sdk_response_invalid',
      `the coordinator's ${what} is malformed: ${first?.path ?? ''} ${first?.message ?? ''}`,
      { status: answer.status },
    );
  }
  return answer.body;
}
