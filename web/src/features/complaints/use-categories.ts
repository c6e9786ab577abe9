import type { Category, Items } from '../../contracts.ts';
import type { Language } from '../../i18n.ts';
import { useResource } from '../../use-resource.ts';

export function useCategories() {
  return useResource<Items<Category>>('/complaint-categories');
}

export function categoryName(category: Category, language: Language): string {
  return language === 'en' ? category.nameEn : category.name;
}

export function categoryOptions(categories: readonly Category[] | undefined, language: Language) {
  return (categories ?? []).map((category) => ({
    value: category.code,
    label: categoryName(category, language),
  }));
}
