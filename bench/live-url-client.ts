/** One answer of the api's live URL: when it came (performance.now()) and the build's hash. */
export interface LiveAnswer {
  at: number;
  hash: string;
}

/** The hash an api answer reports, healthy or not (a failing build still names itself). */
export async function answeringHash(url: string): Promise<string> {
  try {
    const text = await (await fetch(url)).text();
    return (JSON.parse(text) as { gitHash?: string }).gitHash ?? "";
  } catch {
    return "";
  }
}

/**
 * A user of the api: requests `url` one after the other, as fast as it answers, until
 * `done()` says to stop. Every answer is pushed to `answers` as it comes, so others can
 * read them while it runs (what the builds publish as their metrics).
 */
export async function requestSerially(
  url: string,
  done: () => boolean,
  answers: LiveAnswer[] = [],
): Promise<LiveAnswer[]> {
  while (!done()) {
    const hash = await answeringHash(url);
    answers.push({ at: performance.now(), hash });
  }
  return answers;
}
