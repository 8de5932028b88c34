// What WebGPU would run on. onnxruntime-node does not expose the adapter Dawn picks (no adapter info in its
// session, env or logs), so on Linux we read the Vulkan drivers (ICD manifests) the loader will see, as the
// loader finds them: VK_DRIVER_FILES / VK_ICD_FILENAMES, else the standard icd.d folders. A software driver
// (SwiftShader, lavapipe) is slower than the CPU provider, so the default order skips WebGPU when only those exist.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';

export interface VulkanDriver {
  manifest: string;
  library: string;
  software: boolean;
}

export interface WebgpuAdapter {
  /** Dawn's backend on this platform. */
  backend: 'Vulkan' | 'D3D12' | 'Metal';
  /** Linux: the Vulkan drivers found; Dawn takes the high-performance one among them. */
  drivers?: VulkanDriver[];
  /** Why the default order must not use it, or undefined when it may. */
  unfit?: string;
  /** The device as far as it can be known, for the provenance. */
  device: string;
}

/** Library names of Vulkan drivers that render on the CPU. */
const softwareDriver = /swiftshader|lvp|lavapipe|llvmpipe/i;

function driverManifests(env: NodeJS.ProcessEnv): string[] {
  const listed = env.VK_DRIVER_FILES ?? env.VK_ICD_FILENAMES;
  const folders = ['/etc/vulkan/icd.d', '/usr/share/vulkan/icd.d', '/usr/local/share/vulkan/icd.d', join(env.XDG_DATA_HOME ?? join(homedir(), '.local/share'), 'vulkan/icd.d')];
  const entries = listed ? listed.split(':').filter(Boolean) : folders;
  return entries.flatMap((entry) => {
    if (!existsSync(entry)) return [];
    return statSync(entry).isDirectory() ? readdirSync(entry).filter((name) => name.endsWith('.json')).map((name) => join(entry, name)) : [entry];
  });
}

function readDriver(manifest: string): VulkanDriver | undefined {
  try {
    const library = String((JSON.parse(readFileSync(manifest, 'utf8')) as { ICD?: { library_path?: unknown } }).ICD?.library_path ?? '');
    return library ? { manifest, library, software: softwareDriver.test(basename(library)) } : undefined;
  } catch {
    return undefined; // the loader skips a manifest it cannot read, and so do we
  }
}

export function webgpuAdapter(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): WebgpuAdapter {
  if (platform === 'win32') return { backend: 'D3D12', device: 'D3D12 (the adapter is not reported by ONNX Runtime)' };
  if (platform === 'darwin') return { backend: 'Metal', device: 'Metal (the adapter is not reported by ONNX Runtime)' };
  const drivers = driverManifests(env).flatMap((manifest) => readDriver(manifest) ?? []);
  const hardware = drivers.filter(({ software }) => !software);
  const names = (list: VulkanDriver[]) => list.map(({ library }) => basename(library)).join(', ');
  if (hardware.length) return { backend: 'Vulkan', drivers, device: `Vulkan: ${names(hardware)}` };
  const device = drivers.length ? `Vulkan: ${names(drivers)} (software)` : 'no Vulkan driver';
  const unfit = drivers.length
    ? `only software Vulkan drivers (${drivers.map(({ library, manifest }) => `${basename(library)} from ${manifest}`).join(', ')}), slower than the CPU provider; --provider webgpu uses them`
    : 'no Vulkan driver (ICD manifest in /usr/share/vulkan/icd.d or VK_ICD_FILENAMES) found';
  return { backend: 'Vulkan', drivers, unfit, device };
}
