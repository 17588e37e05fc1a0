import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { join } from 'node:path';

const PROTO = join(__dirname, 'cri', 'runtime-v1-subset.proto');

export interface RuntimeCondition {
  type: string;
  status: boolean;
  reason: string;
  message: string;
}

export interface CriStatus {
  conditions: RuntimeCondition[];
  /** `info` of a verbose Status call: the CRI plugin's parsed config is under "config", as JSON. */
  info: Record<string, string>;
}

/** A minimal CRI client over the daemon's unix socket: what crictl would do for `version`, `info` and `pull`. */
export class CriClient {
  private readonly runtime: grpc.Client & Record<string, any>;
  private readonly images: grpc.Client & Record<string, any>;

  constructor(socket: string) {
    const definition = protoLoader.loadSync(PROTO, { keepCase: true, longs: String, defaults: true });
    const proto = grpc.loadPackageDefinition(definition) as any;
    const target = `unix://${socket}`;
    const credentials = grpc.credentials.createInsecure();
    this.runtime = new proto.runtime.v1.RuntimeService(target, credentials);
    this.images = new proto.runtime.v1.ImageService(target, credentials);
  }

  private call<T>(client: grpc.Client & Record<string, any>, method: string, request: object, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      client[method](request, { deadline: Date.now() + timeoutMs }, (error: grpc.ServiceError | null, response: T) => {
        if (error) reject(new Error(`CRI ${method} failed: ${error.message}`));
        else resolve(response);
      });
    });
  }

  version(): Promise<{ runtime_name: string; runtime_version: string; runtime_api_version: string }> {
    return this.call(this.runtime, 'Version', { version: 'v1' }, 5000);
  }

  async status(): Promise<CriStatus> {
    const response = await this.call<{ status: { conditions: RuntimeCondition[] }; info: Record<string, string> }>(this.runtime, 'Status', { verbose: true }, 5000);
    return { conditions: response.status?.conditions ?? [], info: response.info ?? {} };
  }

  /** Pulls through the CRI image service, which reads the registry config (unlike `ctr pull`). Returns the image id. */
  async pullImage(image: string, timeoutMs = 20000): Promise<string> {
    const response = await this.call<{ image_ref: string }>(this.images, 'PullImage', { image: { image } }, timeoutMs);
    return response.image_ref;
  }

  close(): void {
    this.runtime.close();
    this.images.close();
  }
}
