/* The GC Lab block in the editor: a form for the lab's settings (plain script, WordPress's
 * globals, no build). The page gets the elements from PHP (gc_lab_render_lab_block), so the
 * block saves nothing but its attributes. */
(function (wp) {
  var el = wp.element.createElement;
  var __ = wp.i18n.__;
  var be = wp.blockEditor;
  var c = wp.components;

  function text(props, name, label, help) {
    return el(c.TextControl, {
      label: label,
      help: help,
      value: props.attributes[name] || '',
      onChange: function (value) {
        var change = {};
        change[name] = value;
        props.setAttributes(change);
      },
    });
  }

  function toggle(props, name, label) {
    return el(c.ToggleControl, {
      label: label,
      checked: !!props.attributes[name],
      onChange: function (value) {
        var change = {};
        change[name] = value;
        props.setAttributes(change);
      },
    });
  }

  function select(props, name, label, options, help) {
    return el(c.SelectControl, {
      label: label,
      help: help,
      value: props.attributes[name] || '',
      options: options,
      onChange: function (value) {
        var change = {};
        change[name] = value;
        props.setAttributes(change);
      },
    });
  }

  /* <gc-event-log>'s filters (its `filter` attribute); '' leaves the attribute out (All). */
  var FILTERS = [
    { value: '', label: __('All (default)', 'gc-lab') },
    { value: 'Database', label: 'Database' },
    { value: 'MessagingService', label: 'MessagingService' },
    { value: 'Journey', label: 'Journey' },
    { value: 'Messenger', label: 'Messenger' },
    { value: 'page', label: __('Page and elements', 'gc-lab') },
  ];

  wp.blocks.registerBlockType('gc-lab/lab', {
    edit: function (props) {
      var a = props.attributes;
      var summary = a.environment && a.deploymentId
        ? a.environment + ' · ' + a.deploymentId
        : __('Not configured: the page shows the lab’s Region / Deployment ID form.', 'gc-lab');
      return el(
        'div',
        be.useBlockProps(),
        el(
          be.InspectorControls,
          null,
          el(
            c.PanelBody,
            { title: __('Messenger', 'gc-lab') },
            text(props, 'environment', __('Environment', 'gc-lab'), __('prod, prod-euw1, … or a lab code (euw1…)', 'gc-lab')),
            text(props, 'deploymentId', __('Deployment ID', 'gc-lab'), __('A UUID', 'gc-lab')),
            toggle(props, 'debug', __('Debug', 'gc-lab')),
            text(props, 'readyTimeout', __('Ready timeout (ms)', 'gc-lab')),
            text(props, 'bootstrapSrc', __('Script URL (emulator, tests)', 'gc-lab'))
          ),
          el(
            c.PanelBody,
            { title: __('Database Plugin', 'gc-lab') },
            toggle(props, 'persist', __('Keep pending attributes across page loads', 'gc-lab')),
            text(props, 'value', __('Initial JSON', 'gc-lab'))
          ),
          el(
            c.PanelBody,
            { title: __('Commands', 'gc-lab'), initialOpen: false },
            text(props, 'productCode', __('Product code', 'gc-lab'), __('Add/Remove Product (default CDE-123)', 'gc-lab')),
            text(props, 'productName', __('Product name', 'gc-lab'), __('Default: Product', 'gc-lab')),
            text(props, 'productPrice', __('Product price', 'gc-lab'), __('A number of 0 or more (default 15.99)', 'gc-lab')),
            toggle(props, 'productHasBatteries', __('Product has batteries', 'gc-lab')),
            text(props, 'recordEventName', __('Journey Record event name', 'gc-lab'), __('Letters, digits and _ (default Test)', 'gc-lab'))
          ),
          el(c.PanelBody, { title: __('Session controls', 'gc-lab') }, text(props, 'homeUrl', __('Home URL', 'gc-lab'))),
          el(
            c.PanelBody,
            { title: __('Event log', 'gc-lab'), initialOpen: false },
            toggle(props, 'eventLog', __('Show the event log after the session controls', 'gc-lab')),
            a.eventLog ? text(props, 'maxEntries', __('Entries kept', 'gc-lab'), __('A whole number from 10 to 1000 (default 300)', 'gc-lab')) : null,
            a.eventLog ? select(props, 'filter', __('Filter shown first', 'gc-lab'), FILTERS) : null
          )
        ),
        el(c.Placeholder, { icon: 'format-chat', label: __('GC Lab', 'gc-lab'), instructions: summary })
      );
    },
    save: function () {
      return null;
    },
  });
})(window.wp);
