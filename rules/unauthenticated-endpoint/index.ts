import gradioPublicUnauthenticated from './gradio-public-unauthenticated';
import modelEndpointUnauthenticated from './model-endpoint-unauthenticated';

export default [modelEndpointUnauthenticated, gradioPublicUnauthenticated];
