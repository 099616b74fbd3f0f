import { type ColumnSpec, column } from '../../http/csv-columns.ts';

/**
 * The CSV formats of the initial data load (SYS-3): one header row, then one record per row.
 * Column names are matched case-insensitively; the Chinese names of the school's existing
 * spreadsheets are accepted as aliases. Parents come before their children in the file.
 */

export const IMPORT_KINDS = ['departments', 'staff', 'categories', 'assets'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_COLUMNS: Record<ImportKind, readonly ColumnSpec[]> = {
  departments: [
    column('id', ['code', '部门编号', '部门代码'], true, 'Department code: letters, digits, . _ -'),
    column('name', ['部门名称', '名称'], true, 'Name'),
    column('name_zh', ['中文名称'], false, 'Chinese name'),
    column(
      'parent_id',
      ['parent', '上级部门', '上级部门编号'],
      false,
      'Code of the parent department (listed earlier in the file or existing)',
    ),
  ],
  staff: [
    column('username', ['用户名', '工号', '账号'], true, 'Sign-in name: 2-64 letters, digits, . _ -'),
    column('display_name', ['name', '姓名'], true, 'Full name'),
    column(
      'roles',
      ['role', '角色'],
      true,
      'Roles separated by ; (e.g. technician;maintenance_planner). admin is never imported',
    ),
    column('department_id', ['department', '部门', '部门编号'], false, 'Department code'),
    column('phone', ['电话', '手机'], false, 'Phone'),
    column('email', ['邮箱', '电子邮件'], false, 'E-mail'),
    column('skills', ['技能'], false, 'skill:level pairs separated by ; (e.g. electrical:3;plumbing:2), level 1-5'),
  ],
  categories: [
    column('code', ['分类编码', '类别编码'], true, 'Category code'),
    column('name', ['分类名称', '类别名称'], true, 'Name'),
    column('name_zh', ['中文名称'], false, 'Chinese name'),
    column(
      'parent_code',
      ['parent', '上级分类', '上级分类编码'],
      false,
      'Code of the parent category (listed earlier in the file or existing)',
    ),
    column(
      'depreciation_method',
      ['method', '折旧方法'],
      false,
      "straight_line | double_declining | sum_of_years (or 年限平均法 | 双倍余额递减法 | 年数总和法); default: the parent's",
    ),
    column(
      'useful_life_months',
      ['life_months', '使用年限(月)', '使用年限（月）', '折旧年限(月)'],
      false,
      "Useful life in months; default: the parent's",
    ),
    column('residual_rate', ['残值率'], false, "Residual rate, 0.05 or 5%; default: the parent's"),
  ],
  assets: [
    column('asset_no', ['id', '资产编号'], false, 'Asset number; generated when empty'),
    column('name', ['资产名称', '名称'], true, 'Name'),
    column('category_code', ['category', '分类编码', '资产分类'], true, 'Category code'),
    column('model', ['型号'], false, 'Model'),
    column('specification', ['spec', '规格'], false, 'Specification'),
    column('department_id', ['department', '使用部门', '部门编号'], true, 'Using department code'),
    column('location', ['存放地点', '位置'], false, 'Place'),
    column('supplier', ['supplier_name', '供应商'], false, 'Supplier'),
    column('purchase_date', ['购置日期', '采购日期'], true, 'YYYY-MM-DD'),
    column('amount', ['金额', '原值'], true, 'Original value in yuan, up to two decimals'),
    column('status', ['状态'], false, 'in_use (default) | under_maintenance | missing (or 在用 | 维修中 | 盘亏待查)'),
    column(
      'accumulated_depreciation',
      ['累计折旧'],
      false,
      "Depreciation booked before the system; empty: computed from the category's schedule up to last month",
    ),
  ],
};
