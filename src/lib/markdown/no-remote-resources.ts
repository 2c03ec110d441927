import type { Element, ElementContent, Root } from "hast";

// Elements that fetch something as soon as they are shown. In model output, that fetch is an
// exfiltration channel: prompt-injected text can put the conversation into a URL (OWASP LLM05).
const LOADING_ELEMENTS = new Set(["img", "picture", "source", "video", "audio", "track", "iframe", "frame", "frameset", "object", "embed", "image", "use", "link", "style", "script", "meta", "base", "portal", "feimage"]);
// Attributes that make any element fetch: URLs, candidate lists, and CSS, whose url() loads too.
const LOADING_PROPERTIES = ["src", "srcSet", "poster", "background", "style", "data", "lowsrc", "dynsrc", "formAction", "action", "ping", "longDesc", "xLinkHref", "manifest", "codeBase", "archive", "icon"];

function clean(node: Element): ElementContent[] {
  const tag = node.tagName.toLowerCase();
  if (LOADING_ELEMENTS.has(tag)) {
    // An image keeps its description, as a label that loads nothing; the rest go entirely.
    const alt = tag === "img" && typeof node.properties.alt === "string" ? node.properties.alt : undefined;
    return tag === "img" ? [{ type: "element", tagName: "span", properties: { className: ["sidekiq-image-placeholder"] }, children: [{ type: "text", value: `[image${alt ? `: ${alt}` : ""}]` }] }] : [];
  }
  for (const name of LOADING_PROPERTIES) delete node.properties[name];
  // Only links may point elsewhere, and they load nothing until clicked.
  if (tag !== "a") delete node.properties.href;
  node.children = node.children.flatMap((child) => (child.type === "element" ? clean(child) : [child]));
  return [node];
}

/**
 * A rehype plugin, run after sanitizing: removes every element and attribute of model output
 * that would make the browser load something (images, media, frames, SVG images, CSS url()),
 * so that showing a reply never contacts another server.
 */
export function noRemoteResources() {
  return (tree: Root) => {
    tree.children = tree.children.flatMap((child): Root["children"] => (child.type === "element" ? clean(child) : [child]));
  };
}
