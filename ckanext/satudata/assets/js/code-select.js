/* metadata (ckanext-satudata): a searchable multiple select of codes (area, urusan).
 * Each option reads "<code> <name in the page's language>", so typing a code (32.16.01) or
 * part of a name finds it. The select2 messages come from the template, translated there
 * (data-msg-*). For the area list, the controls under it choose every kecamatan at once, or
 * every desa/kelurahan of one kecamatan (their codes extend the kecamatan's: 32.16.01.2001). */
this.ckan.module('satudata-code-select', function ($) {
  return {
    options: {
      msgNoMatches: '',
      msgSearching: '',
      level: ''
    },

    initialize: function () {
      $.proxyAll(this, /_on/);
      var opts = this.options;
      this.el.select2({
        width: '100%',
        language: {
          noResults: function () { return opts.msgNoMatches; },
          searching: function () { return opts.msgSearching; }
        }
      });
      // the shortcuts under this select only (the urusan select is in the same form)
      var group = this.el.closest('.form-group');
      group.find('[data-satudata-area-all]').on('click', this._onAll);
      group.find('[data-satudata-area-desa]').on('change', this._onDesa);
    },

    _select: function (codes, level) {
      var wanted = {};
      codes.forEach(function (c) { wanted[c] = true; });
      this.el.find('option').each(function () {
        if (wanted[this.value]) { this.selected = true; }
      });
      this.el.trigger('change');
      var presentation = this.el.closest('form').find('#field-presentation_level');
      if (level && presentation.length && !presentation.val()) {
        presentation.val(level).trigger('change');
      }
    },

    _onAll: function (event) {
      event.preventDefault();
      var codes = [];
      this.el.find('option[data-level="kecamatan"]').each(function () { codes.push(this.value); });
      this._select(codes, 'kecamatan');
    },

    _onDesa: function (event) {
      var prefix = $(event.target).val() + '.';
      var codes = [];
      this.el.find('option').each(function () {
        if (this.value.indexOf(prefix) === 0) { codes.push(this.value); }
      });
      if (codes.length) { this._select(codes, 'desa_kelurahan'); }
      $(event.target).val('');
    }
  };
});
