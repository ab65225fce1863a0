import gradioPublicUnauthenticated from './gradio-public-unauthenticated';
import modelEndpointUnauthenticated from './model-endpoint-unauthenticated';
import publicTunnelUnauthenticated from './public-tunnel-unauthenticated';

export default [modelEndpointUnauthenticated, gradioPublicUnauthenticated, publicTunnelUnauthenticated];
