import { describe, expect, it } from 'vitest';
import { defaultTemplateLimits, isTemplate, TemplateEngine, TemplateError, templates } from './template.js';

const data = {
  trigger: { body: { score: 42, vip: true, order: { id: 'A-17', items: [{ sku: 'TEE-M', qty: 2 }] }, tags: ['new', 'eu'] } },
  contact: { email: 'ada@example.com', first_name: 'Ada', country: 'DE' },
  steps: { lookup: { status: 200, body: { plan: 'pro' } } },
};

/** The message of the TemplateError `fn` throws. */
function templateError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TemplateError);
    return (err as Error).message;
  }
  throw new Error('expected a TemplateError');
}

describe('rendering', () => {
  it('reads trigger, contact and earlier steps', () => {
    const text = templates.render('Hi {{ contact.first_name }}, order {{ trigger.body.order.id }} is {{ steps.lookup.body.plan }}', data);
    expect(text).toBe('Hi Ada, order A-17 is pro');
  });

  it('reads list items by index', () => {
    expect(templates.render('{{ trigger.body.order.items[0].sku }} x{{ trigger.body.order.items.first.qty }}', data)).toBe('TEE-M x2');
  });

  it('renders a missing field as nothing', () => {
    expect(templates.render('[{{ contact.last_name }}]', data)).toBe('[]');
  });

  it('applies filters', () => {
    expect(templates.render('{{ contact.first_name | upcase }}', data)).toBe('ADA');
    expect(templates.render("{{ contact.last_name | default: 'friend' }}", data)).toBe('friend');
    expect(templates.render('{{ trigger.body.score | plus: 8 }}', data)).toBe('50');
    expect(templates.render("{{ trigger.body.tags | join: ', ' }}", data)).toBe('new, eu');
    expect(templates.render("{{ '2024-03-05T12:00:00Z' | date: '%Y-%m-%d' }}", data)).toBe('2024-03-05');
  });

  it('renders if / elsif / else blocks and loops', () => {
    const tier = '{% if trigger.body.score > 50 %}hot{% elsif trigger.body.score > 40 %}warm{% else %}cold{% endif %}';
    expect(templates.render(tier, data)).toBe('warm');
    expect(templates.render('{% if contact.country == "DE" and trigger.body.vip %}Hallo{% endif %}', data)).toBe('Hallo');
    expect(templates.render('{% for t in trigger.body.tags %}#{{ t }} {% endfor %}', data)).toBe('#new #eu ');
  });

  it('refuses filters it does not know, naming them', () => {
    expect(templateError(() => templates.render('{{ contact.email | shout }}', data))).toBe('undefined filter: shout, line:1, col:1');
  });
});

describe('resolve: values keep their type', () => {
  it('yields the number of a single expression', () => {
    expect(templates.resolve('{{ trigger.body.score }}', data)).toBe(42);
  });

  it('yields booleans, objects and lists of a single expression', () => {
    expect(templates.resolve('{{ trigger.body.vip }}', data)).toBe(true);
    expect(templates.resolve('{{ steps.lookup.body }}', data)).toEqual({ plan: 'pro' });
    expect(templates.resolve('{{ trigger.body.tags }}', data)).toEqual(['new', 'eu']);
  });

  it('keeps the type of a filtered expression', () => {
    expect(templates.resolve('{{ trigger.body.score | plus: 1 }}', data)).toBe(43);
    expect(templates.resolve('{{ trigger.body.tags | size }}', data)).toBe(2);
    expect(templates.resolve('{{ contact.phone | default: 7 }}', data)).toBe(7);
  });

  it('keeps the type with whitespace control', () => {
    expect(templates.resolve('{{- trigger.body.score -}}', data)).toBe(42);
  });

  it('yields null for a missing field', () => {
    expect(templates.resolve('{{ contact.phone }}', data)).toBeNull();
  });

  it('renders text around an expression to a string', () => {
    expect(templates.resolve('Score: {{ trigger.body.score }}', data)).toBe('Score: 42');
    expect(templates.resolve('{{ trigger.body.score }}{{ trigger.body.score }}', data)).toBe('4242');
  });

  it('resolves objects and lists deeply and leaves plain values alone', () => {
    const resolved = templates.resolve({ to: '{{ contact.email }}', points: ['{{ trigger.body.score }}', 5], note: 'plain', off: null }, data);
    expect(resolved).toEqual({ to: 'ada@example.com', points: [42, 5], note: 'plain', off: null });
  });

  it('tells templates from plain strings', () => {
    expect(isTemplate('Hi {{ contact.first_name }}')).toBe(true);
    expect(isTemplate('{% if x %}y{% endif %}')).toBe(true);
    expect(isTemplate('50% off {not a template}')).toBe(false);
    expect(isTemplate(42)).toBe(false);
  });
});

describe('syntax errors', () => {
  it('describes an unclosed tag in one readable line', () => {
    expect(templates.check('{% if contact.vip %}Welcome')).toBe('tag {% if contact.vip %} not closed, line:1, col:1');
  });

  it('describes an unclosed output and an unknown tag', () => {
    expect(templates.check('Hi {{ contact.first_name ')).toBe('output "{{ contact.first_name " not closed, line:1, col:4');
    expect(templates.check('{% unsubscribe_link %}')).toBe('tag "unsubscribe_link" not found, line:1, col:1');
  });

  it('throws the same message when rendering', () => {
    expect(templateError(() => templates.render('{% if contact.vip %}Welcome', data))).toBe('tag {% if contact.vip %} not closed, line:1, col:1');
  });

  it('accepts a valid template', () => {
    expect(templates.check('{% if contact.vip %}Welcome{% endif %}')).toBeNull();
  });
});

describe('sandbox', () => {
  it.each(["{% include '/etc/passwd' %}", "{% include '../../../etc/passwd' %}", "{% render 'package.json' %}", "{% layout 'package.json' %}x"])(
    'cannot read files: %s',
    (source) => {
      const message = templateError(() => templates.render(source, data));
      expect(message).toMatch(/^ENOENT: Failed to lookup/);
      expect(message).not.toMatch(/root:|"name"/);
    },
  );

  it.each(['{{ trigger.constructor }}', '{{ trigger.__proto__ }}', '{{ trigger["constructor"] }}', '{{ contact.email.constructor.name }}', '{{ trigger.body.toString }}'])(
    'yields nothing for prototype access: %s',
    (source) => {
      expect(templates.render(source, data)).toBe('');
      expect(templates.resolve(source, data)).toBeNull();
    },
  );

  it('does not evaluate JavaScript', () => {
    expect(templates.render('{{ process.env.HOME }}', data)).toBe('');
    expect(() => templates.render("{{ contact.email.constructor.constructor('return process')() }}", data)).toThrow(TemplateError);
  });

  it('stops a huge loop on the memory limit', () => {
    expect(templateError(() => templates.render('{% for i in (1..100000000) %}{{ i }}{% endfor %}', data))).toMatch(/^memory alloc limit exceeded/);
  });

  it('stops a long-running loop on the render time limit', () => {
    const started = Date.now();
    const source = '{% for i in (1..10000) %}{% for j in (1..10000) %}{% endfor %}{% endfor %}';
    expect(templateError(() => templates.render(source, data))).toMatch(/^template render limit exceeded/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses output longer than the cap', () => {
    const engine = new TemplateEngine({ ...defaultTemplateLimits, maxOutputLength: 40 });
    expect(engine.render('{{ contact.email }} {{ contact.email }}', data)).toBe('ada@example.com ada@example.com');
    expect(templateError(() => engine.render('{% for i in (1..5) %}{{ contact.email }}{% endfor %}', data))).toBe(
      'rendered text is longer than 40 characters',
    );
  });

  it('refuses template sources longer than the cap', () => {
    const engine = new TemplateEngine({ ...defaultTemplateLimits, maxTemplateLength: 20 });
    expect(engine.check('{{ contact.first_name }} and more')).toBe('parse length limit exceeded');
  });
});
