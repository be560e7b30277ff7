import { notFound } from 'next/navigation';
import { isAppError } from '@/lib/errors';

/** A record the lib says is not found (unknown, or another organization's) is this app's 404 page. */
export async function orNotFound<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') notFound();
    throw error;
  }
}
