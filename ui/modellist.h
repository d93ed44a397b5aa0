#pragma once
// ModelList: the model library beside the Translate tab. The first entry is the open project's own
// model; then every imported model with its thumbnail (a sample picture translated), name, architecture,
// file size and where it came from. Choosing an entry makes it the Translate tab's model. Import…,
// Rename… and Remove act on the library through signals; the app's translate worker does the work and
// answers with setModels() or updateModel(). UI thread; owned by the main window.

#include "ui/types.h"

#include <QVector>
#include <QWidget>

class QListWidget;
class QListWidgetItem;
class QPushButton;

namespace ui {

class ModelList : public QWidget
{
    Q_OBJECT

public:
    explicit ModelList(QWidget *parent = nullptr);

    void setModels(const QVector<ModelEntry> &models); // keeps the chosen model when it is still there
    void updateModel(const ModelEntry &model);         // added, or replaced by path
    QVector<ModelEntry> models() const { return m_models; }
    // "" : the project's model.
    QString currentModel() const;
    void selectModel(const QString &path); // "" : the project's model
    QListWidget *list() const { return m_list; }

    // What the buttons do after their dialogs (the name asked for; the removal confirmed).
    void renameCurrent(const QString &name);
    void removeCurrent();

Q_SIGNALS:
    void modelChosen(const QString &path); // "" : the project's model
    void importRequested();                // ask for a file
    void renameRequested(const QString &path, const QString &name);
    void removeRequested(const QString &path);

private:
    void refreshItems();
    void refreshButtons();
    QString describe(const ModelEntry &model) const;

    QListWidget *m_list;
    QPushButton *m_import, *m_rename, *m_remove;
    QVector<ModelEntry> m_models;
};

} // namespace ui
