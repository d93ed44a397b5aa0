#pragma once
// ModelLibrary: the models an artist has brought in (File → Import Model…, or a .pth/.csm dropped on the
// window), kept as CycleStudio model files in one folder with a thumbnail of a sample picture translated
// by each; and the model conversions of the File menu: Export Model… in four formats and New Project from
// PyTorch Checkpoint…. Works on the translation thread (reading a 9-block .pth and translating the
// sample takes a second or two); answers with signals, every failure a sentence.

#include "ui/types.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVector>

namespace app {

class ModelLibrary : public QObject
{
    Q_OBJECT

public:
    explicit ModelLibrary(const QString &folder, QObject *parent = nullptr);
    // <application data>/models
    static QString defaultFolder();
    QString folder() const { return m_folder; }

public Q_SLOTS:
    void refresh(); // answers listed()
    // A .pth (converted) or a .csm (copied, after its weights all loaded) into the library; answers
    // imported() or failed(). The file itself is never changed.
    void importModel(const QString &file);
    void rename(const QString &path, const QString &name); // answers updated()
    void remove(const QString &path);                      // answers listed()
    void exportModel(const QString &projectDir, ui::Direction direction, ui::ModelFormat format, const QString &file);
    void createFromOfficial(const ui::OfficialImportRequest &request);

Q_SIGNALS:
    void listed(const QVector<ui::ModelEntry> &models);
    void imported(const ui::ModelEntry &model);
    void updated(const ui::ModelEntry &model);
    void failed(const QString &error);
    void exported(const QString &file, const QString &description);
    void exportFailed(const QString &error);
    void projectCreated(const QString &projectDir, const QStringList &notes);
    void projectFailed(const QString &error);

private:
    ui::ModelEntry entry(const QString &csm);
    QString uniquePath(const QString &stem) const;

    QString m_folder;
};

} // namespace app
