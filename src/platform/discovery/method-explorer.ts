import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';

/** A provider method that carries one entry of a method decorator's metadata. */
export interface DecoratedMethod<T> {
  instance: object;
  methodName: string;
  /** `ClassName.method`, for boot errors and logs. */
  label: string;
  meta: T;
}

/** Appends `value` to the array of `key` on a method, so one method may carry several entries. */
export function appendMethodMetadata(key: symbol, value: unknown): MethodDecorator {
  return (_target, _name, descriptor: PropertyDescriptor) => {
    const fn = descriptor.value as object;
    const existing = (Reflect.getMetadata(key, fn) as unknown[] | undefined) ?? [];
    Reflect.defineMetadata(key, [...existing, value], fn);
    return descriptor;
  };
}

/**
 * Finds every provider method decorated with `key` (through `appendMethodMetadata`), once per instance. The
 * domain-event bus and the job and sweep runners use it at boot, so a handler is declared once, on its method.
 */
@Injectable()
export class MethodExplorer {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  find<T>(key: symbol): Array<DecoratedMethod<T>> {
    const seen = new Set<object>();
    const found: Array<DecoratedMethod<T>> = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as object | undefined;
      if (
        !instance ||
        typeof instance !== 'object' ||
        seen.has(instance) ||
        !wrapper.isDependencyTreeStatic()
      )
        continue;
      seen.add(instance);
      const prototype = Object.getPrototypeOf(instance) as object | null;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const fn = (instance as Record<string, unknown>)[methodName];
        if (typeof fn !== 'function') continue;
        const metas = Reflect.getMetadata(key, fn) as T[] | undefined;
        for (const meta of metas ?? []) {
          found.push({ instance, methodName, label: `${instance.constructor.name}.${methodName}`, meta });
        }
      }
    }
    return found;
  }
}
