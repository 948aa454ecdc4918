/* assessment (ckanext-satudata): fill the variables of the dataset form from a file's header.
 * Sends the chosen file to the action satudata_variables_from_file (CSRF token of the page),
 * then fills one repeating "variables" row per proposed column (name and data type), adding
 * rows with scheming's own "add" link. Nothing is saved until the editor sends the page. */
this.ckan.module('satudata-propose-variables', function ($) {
  return {
    options: { url: '', msgDone: '', msgFailed: '', msgChoose: '' },

    initialize: function () {
      $.proxyAll(this, /_on/);
      this.el.find('[data-satudata-propose]').on('click', this._onPropose);
      this.el.find('input[type=file]').on('change', this._onChosen);
    },

    _onChosen: function (event) {
      var file = event.target.files[0];
      if (file) { this.el.find('.satudata-propose-filename').text(file.name); }
    },

    _status: function (text, isError) {
      this.el.find('.satudata-propose-status')
        .text(text).toggleClass('text-danger', !!isError);
    },

    _onPropose: function (event) {
      event.preventDefault();
      var input = this.el.find('input[type=file]')[0];
      if (!input.files.length) { this._status(this.options.msgChoose, true); return; }
      var body = new FormData();
      body.append('upload', input.files[0]);
      var field = $('meta[name=csrf_field_name]').attr('content') || '_csrf_token';
      var token = $('meta[name=' + field + ']').attr('content');
      var self = this;
      $.ajax({
        url: this.options.url, method: 'POST', data: body,
        processData: false, contentType: false,
        headers: token ? { 'X-CSRFToken': token } : {}
      }).done(function (res) {
        self._fill(res.result.variables);
        self._status(self.options.msgDone.replace('%(count)s', res.result.variables.length));
      }).fail(function (xhr) {
        var err = xhr.responseJSON && xhr.responseJSON.error;
        self._status((err && err.upload && err.upload[0]) || self.options.msgFailed, true);
      });
    },

    _rows: function (fieldset) {
      return fieldset.find('.scheming-subfield-group[data-field=variables]')
        // a removed row keeps its panel, with the remove button hidden
        .filter(function () {
          return $(this).find('.btn-repeating-remove').css('display') !== 'none';
        });
    },

    _fill: function (variables) {
      // the variables field's fieldset (it may hold no row yet)
      var fieldset = $("label[for='field-variables']").closest('.form-group')
        .find('fieldset[name=scheming-repeating-subfields]').first();
      var self = this;
      variables.forEach(function (v, i) {
        var rows = self._rows(fieldset);
        var row = rows.eq(i);
        if (!row.length) {
          fieldset.find('a[name=repeating-add]').first().trigger('click');
          row = self._rows(fieldset).last();
        }
        var name = row.find('input[id$=-name]').first();
        name.val(v.name).trigger('change');
        row.find('select[id$=-data_type]').val(v.data_type).trigger('change');
      });
    }
  };
});
