import { describe, expect, it } from 'vitest';
import { htmlToText } from './html-text.js';

describe('htmlToText', () => {
  it('keeps paragraphs, headings, line breaks and lists, and drops head, style and script', () => {
    const html = '<html><head><title>T</title><style>p{}</style></head><body><h2>News</h2><p>Line one<br>line two</p>'
      + '<script>alert(1)</script><ol><li>first</li><li>second</li></ol><p>End</p></body></html>';
    expect(htmlToText(html)).toBe('News\n\nLine one\nline two\n\n- first\n- second\n\nEnd');
  });

  it('writes links as label (url), and a bare link once', () => {
    expect(htmlToText('<p>See <a href="https://a.example/x?y=1&amp;z=2">our <b>guide</b></a></p>')).toBe('See our guide (https://a.example/x?y=1&z=2)');
    expect(htmlToText('<a href="https://a.example">https://a.example</a>')).toBe('https://a.example');
    expect(htmlToText('<a href="mailto:hi@a.example">Write us</a>')).toBe('Write us');
  });

  it('decodes entities once and collapses white space', () => {
    expect(htmlToText('<p>  Fish &amp;   chips&nbsp;&#8364;5 &#x2014; &amp;lt; </p>')).toBe('Fish & chips €5 — &lt;');
  });
});
