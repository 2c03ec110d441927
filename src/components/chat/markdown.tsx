"use client";

import { createCodePlugin } from "@streamdown/code";
import { createMathPlugin } from "@streamdown/math";
import "katex/dist/katex.min.css";
import { memo } from "react";
import { type Components, defaultComponents, defaultRehypePlugins, defaultUrlTransform, Streamdown, type UrlTransform } from "streamdown";
import { noRemoteResources } from "@/lib/markdown/no-remote-resources";
import { cn } from "@/lib/utils";

const plugins = {
  code: createCodePlugin({ themes: ["github-light", "github-dark"] }),
  math: createMathPlugin({ singleDollarTextMath: true }),
};

const SAFE_LINK = /^(https?:|mailto:)/i;

// Model output is untrusted: it may only link to http(s)/mailto and never loads anything (images,
// <picture> sources, media posters, SVG images, CSS url()), which would otherwise let a
// prompt-injected reply send data to any server.
const rehypePlugins = [...Object.values(defaultRehypePlugins), noRemoteResources];

const urlTransform: UrlTransform = (url, key, node) => {
  if (node.tagName === "img") return null;
  const safe = defaultUrlTransform(url, key, node);
  return safe && SAFE_LINK.test(safe) ? safe : null;
};

const components: Components = {
  a: (props) =>
    typeof props.href === "string" && SAFE_LINK.test(props.href) ? (
      <defaultComponents.a {...props} />
    ) : (
      <span className="underline decoration-dotted underline-offset-4">{props.children}</span>
    ),
};

const controls = {
  code: { copy: true, download: false },
  table: { copy: true, download: false, fullscreen: false },
  mermaid: false,
  image: false,
} as const;

type Props = { children: string; streaming?: boolean; className?: string };

/** Assistant text: streaming-safe markdown with highlighted code, GFM tables and KaTeX math. */
export const Markdown = memo(function Markdown({ children, streaming = false, className }: Props) {
  return (
    <Streamdown
      className={cn("sidekiq-markdown", className)}
      plugins={plugins}
      components={components}
      urlTransform={urlTransform}
      rehypePlugins={rehypePlugins}
      controls={controls}
      isAnimating={streaming}
      lineNumbers={false}
    >
      {children}
    </Streamdown>
  );
});
