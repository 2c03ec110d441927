import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "./markdown";

const EVIL = "http://other-host.example";

// Every way model output has of making a browser fetch something.
const PAYLOADS = [
  `![x](${EVIL}/md.png)`,
  `<img src="${EVIL}/img.png" alt="a cat">`,
  `<img srcset="${EVIL}/1x.png 1x, ${EVIL}/2x.png 2x">`,
  `<picture><source srcset="${EVIL}/pic.webp"><img src="${EVIL}/pic.png"></picture>`,
  `<video poster="${EVIL}/poster.png" src="${EVIL}/v.mp4"><source src="${EVIL}/v.webm"></video>`,
  `<audio src="${EVIL}/a.mp3"></audio>`,
  `<svg><image href="${EVIL}/svg.png"></image><image xlink:href="${EVIL}/svg2.png"></image></svg>`,
  `<div style="background:url(${EVIL}/bg.png)">styled</div>`,
  `<style>body { background: url(${EVIL}/style.png) }</style>`,
  `<table background="${EVIL}/table.png"><tr><td>cell</td></tr></table>`,
  `<iframe src="${EVIL}/frame"></iframe><object data="${EVIL}/o"></object><embed src="${EVIL}/e">`,
  `<link rel="stylesheet" href="${EVIL}/s.css"><input type="image" src="${EVIL}/in.png">`,
];

describe("Markdown (model output)", () => {
  it("renders nothing that loads from another origin", () => {
    for (const payload of PAYLOADS) {
      const html = renderToStaticMarkup(<Markdown>{`Look:\n\n${payload}\n\nDone.`}</Markdown>);
      expect(html, payload).not.toMatch(/(src|srcset|poster|background|data|style|xlink:href)="[^"]*other-host/i);
      expect(html, payload).not.toMatch(/<(img|picture|source|video|audio|image|iframe|object|embed|link|style)\b/i);
      expect(html, payload).toContain("Done.");
    }
  });

  it("keeps links (they load nothing until clicked) and an image's description", () => {
    const html = renderToStaticMarkup(<Markdown>{`[docs](https://example.com/docs) <img src="${EVIL}/x.png" alt="a cat">`}</Markdown>);
    expect(html).toMatch(/data-streamdown="link"[^>]*>docs</);
    expect(html).toContain("[image: a cat]");
  });
});
